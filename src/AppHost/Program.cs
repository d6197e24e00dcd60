using PijarSemar.AppHost;

return args switch
{
    ["token", .. var tokenArguments] => TokenCommand.Run(tokenArguments),
    ["--help" or "-h" or "help", ..] => Usage.Print(),
    _ => await StackHost.RunAsync(args),
};
