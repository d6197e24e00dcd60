using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace PijarSemar.Claims.Tests.Filing;

/// <summary>
/// Holds Billing's coverage answers while armed, so a test can act while a call is inside Billing
/// (stop it, or let the caller's time run out). Billing's own endpoint answers once released.
/// </summary>
public sealed class CoverageHold
{
    private volatile TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile TaskCompletionSource? _release;
    private volatile string _worker = "";

    /// <summary>Holds the coverage calls about <paramref name="workerId"/> (other workers' pass), until <see cref="Release"/>.</summary>
    public void Arm(Guid workerId)
    {
        _worker = workerId.ToString();
        _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Release() => Interlocked.Exchange(ref _release, null)?.TrySetResult();

    /// <summary>Completes once a coverage call is being held inside Billing.</summary>
    public Task Arrived => _arrived.Task;

    public IStartupFilter Filter() => new HoldFilter(this);

    private async Task HoldAsync(HttpContext context)
    {
        if (_release is { } release && context.Request.Path.StartsWithSegments("/api/v1/coverage/" + _worker))
        {
            _arrived.TrySetResult();
            await Task.WhenAny(release.Task, Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted));
        }
    }

    private sealed class HoldFilter(CoverageHold hold) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                await hold.HoldAsync(context);
                await following(context);
            });
            next(app);
        };
    }
}
