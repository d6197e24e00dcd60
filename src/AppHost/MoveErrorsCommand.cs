using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.AppHost;

/// <summary>
/// <c>move-errors &lt;queue&gt; [--broker amqp://…]</c>: moves the messages of a queue's <c>_error</c>
/// queue back to it, once the cause of their failure is fixed. Without <c>--broker</c> it uses
/// <c>ConnectionStrings__rabbitmq</c> from the environment, else the AppHost's local broker.
/// </summary>
internal static class MoveErrorsCommand
{
    private const int UsageError = 2;
    private const int Failed = 1;
    private const string LocalBroker = "amqp://guest:guest@127.0.0.1:5673/";

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        string? queue = null;
        var broker = Environment.GetEnvironmentVariable("ConnectionStrings__rabbitmq") is { Length: > 0 } configured ? configured : LocalBroker;
        for (var i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--broker" when i + 1 < arguments.Count:
                    broker = arguments[++i];
                    break;
                case var name when queue is null && !name.StartsWith('-'):
                    queue = name;
                    break;
                default:
                    return Fail($"Unexpected argument '{arguments[i]}'; usage: move-errors <queue> [--broker amqp://user:password@host:port/].");
            }
        }

        if (queue is null)
        {
            return Fail("Name the queue, e.g. move-errors funding-worker-registered (or its _error queue).");
        }

        if (!Uri.TryCreate(broker, UriKind.Absolute, out var brokerUri) || brokerUri.Scheme is not ("amqp" or "amqps"))
        {
            return Fail($"--broker must be an amqp:// or amqps:// URI, not '{broker}'.");
        }

        var (errorQueue, target) = ErrorQueueMover.Names(queue);
        try
        {
            var moved = await ErrorQueueMover.MoveAsync(brokerUri, queue);
            Console.WriteLine($"Moved {moved} message(s) from {errorQueue} back to {target}.");
            return 0;
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.OperationInterruptedException or RabbitMQ.Client.Exceptions.BrokerUnreachableException)
        {
            Console.Error.WriteLine($"Could not move messages from {errorQueue} to {target}: {e.Message}");
            return Failed;
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return UsageError;
    }
}
