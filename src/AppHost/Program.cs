using PijarSemar.AppHost;

return args switch
{
    ["token", .. var tokenArguments] => TokenCommand.Run(tokenArguments),
    ["move-errors", .. var moveArguments] => await MoveErrorsCommand.RunAsync(moveArguments),
    ["--help" or "-h" or "help", ..] => Usage.Print(),
    [var command, ..] when !command.StartsWith('-') => Usage.UnknownCommand(command),
    _ => await StackHost.RunAsync(args),
};
