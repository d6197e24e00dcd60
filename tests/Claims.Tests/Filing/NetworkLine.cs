namespace PijarSemar.Claims.Tests.Filing;

/// <summary>
/// The network between Claims and a neighbour running in memory: up (calls reach the real
/// service), down (refused at once, as by a stopped host), or cut (calls in flight and new ones
/// fail as a connection reset). Tests switch it; the service behind it is always the real one.
/// </summary>
public sealed class NetworkLine
{
    private volatile bool _up = true;
    private CancellationTokenSource _cut = new();

    public bool IsUp => _up;

    public void Up()
    {
        _cut = new CancellationTokenSource();
        _up = true;
    }

    /// <summary>The neighbour stops: what is in flight breaks off, and what follows is refused.</summary>
    public void Down()
    {
        _up = false;
        _cut.Cancel();
    }

    public HttpMessageHandler Handler(HttpMessageHandler service) => new LineHandler(this, service);

    private sealed class LineHandler(NetworkLine line, HttpMessageHandler service) : DelegatingHandler(service)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!line._up)
            {
                throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (test line is down).");
            }

            using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, line._cut.Token);
            try
            {
                return await base.SendAsync(request, both.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new HttpRequestException(
                    HttpRequestError.ResponseEnded, "The connection was reset (test line cut mid-call).", new IOException("Connection reset by peer."));
            }
        }
    }
}
