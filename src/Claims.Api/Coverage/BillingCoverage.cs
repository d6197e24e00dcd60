using System.Net;
using Microsoft.Extensions.Options;
using PijarSemar.Claims.Domain;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Billing;

namespace PijarSemar.Claims.Coverage;

/// <summary>
/// Asks Billing whether a worker was covered on a day, through the typed client and its shared
/// pipeline (timeout, retry, circuit breaker), within <see cref="CoverageOptions.CallTimeout"/> in
/// all. Billing not answering is never an error here: it is an Unknown answer saying why, and the
/// claim is asked about again later.
/// </summary>
public sealed partial class BillingCoverage(IBillingClient billing, IOptions<CoverageOptions> options, ILogger<BillingCoverage> logger)
{
    public async Task<CoverageAnswer> AskAsync(Guid workerId, DateOnly day, CancellationToken ct)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(options.Value.CallTimeout);
        try
        {
            var answer = await billing.GetCoverageAsync(workerId, day, budget.Token);
            return Known(answer) ?? Unanswered(workerId, $"Billing answered with an unknown coverage status '{Printable(answer.Status)}'.", null);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            return Unanswered(workerId, $"Billing did not answer within {options.Value.CallTimeout.TotalSeconds:0.#} s.", e);
        }
        catch (Polly.CircuitBreaker.BrokenCircuitException e)
        {
            return Unanswered(workerId, "Billing is failing; calls to it are paused for a while (circuit open).", e);
        }
        catch (Polly.Timeout.TimeoutRejectedException e)
        {
            return Unanswered(workerId, "Billing did not answer in time.", e);
        }
        catch (HttpRequestException e)
        {
            return Unanswered(workerId, "Billing could not be reached.", e);
        }
        catch (ApiException e) when ((int)e.StatusCode >= 500 || e.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
        {
            return Unanswered(workerId, $"Billing answered {(int)e.StatusCode}.", e);
        }
        catch (ApiException e)
        {
            // A 4xx means the question itself is wrong (a token Billing refuses, a date it cannot read): a bug to fix, not an outage.
            LogRefused(logger, workerId, (int)e.StatusCode, e);
            return CoverageAnswer.Unknown($"Billing refused the question ({(int)e.StatusCode}).");
        }
        catch (System.Text.Json.JsonException e)
        {
            return Unanswered(workerId, "Billing's answer could not be read.", e);
        }
    }

    private static CoverageAnswer? Known(CoverageResponse answer)
    {
        var status = CoverageStatus.All.FirstOrDefault(s => s == answer.Status);
        if (status is null or CoverageStatus.Unknown)
        {
            return null;
        }

        DateOnly? period = Period.TryParse(answer.Period, out var month) ? month.FirstDay : null;
        return new CoverageAnswer(status, period, answer.InvoiceId, answer.FundingSourceId, answer.SponsorId, null);
    }

    private CoverageAnswer Unanswered(Guid workerId, string failure, Exception? error)
    {
        LogUnanswered(logger, workerId, failure, error);
        return CoverageAnswer.Unknown(failure);
    }

    /// <summary>Billing's text goes into a stored failure: short and without control characters.</summary>
    private static string Printable(string? value) =>
        new([.. (value ?? "").Take(40).Select(c => char.IsControl(c) ? '?' : c)]);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Coverage of worker {WorkerId} is Unknown: {Failure}")]
    private static partial void LogUnanswered(ILogger logger, Guid workerId, string failure, Exception? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Billing refused the coverage question about worker {WorkerId} with {Status}: a fault in how Claims asks")]
    private static partial void LogRefused(ILogger logger, Guid workerId, int status, Exception error);
}
