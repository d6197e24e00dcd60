using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Claims.Data;
using PijarSemar.Contracts;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.Claims.Benefits;

/// <summary>
/// The benefits that may apply to a claim, from the configured schedule. Always an estimate:
/// <see cref="IsEstimate"/> is true and <see cref="Label"/> says who decides.
/// </summary>
public sealed record BenefitEstimateResponse(
    Guid ClaimId,
    string Type,
    bool IsEstimate,
    string Label,
    Rupiah DeclaredMonthlyIncome,
    IReadOnlyList<BenefitLine> Lines,
    Rupiah? KnownTotal);

public static class BenefitEstimateApi
{
    public const string Label = "Estimate from the configured benefit schedule; BPJS Ketenagakerjaan decides the amount paid.";

    public static IEndpointRouteBuilder MapBenefitEstimateApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/claims/{id:guid}/benefit-estimate", GetBenefitEstimate)
            .WithTags("Claims")
            .WithName("GetBenefitEstimate")
            .WithSummary("An estimate of the benefits a claim's type may bring under the configured BPJS Ketenagakerjaan schedule: lines with amounts (once, per month or per child) and conditions; knownTotal adds the unconditional one-off amounts (null when there are none, as for JKK). BPJS decides what is paid.")
            .RequireAuthorization(Policies.ClaimsRead);
        return app;
    }

    public static async Task<Ok<BenefitEstimateResponse>> GetBenefitEstimate(
        Guid id, ClaimsDbContext db, BenefitSchedule schedule, CancellationToken ct)
    {
        var type = await db.Claims.AsNoTracking().Where(c => c.Id == id).Select(c => c.Type).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Claim not found.", $"There is no claim {id}.");
        var estimate = BenefitEstimate.For(type, schedule);
        return TypedResults.Ok(new BenefitEstimateResponse(
            id, type, IsEstimate: true, Label, schedule.DeclaredMonthlyIncome, estimate.Lines, estimate.KnownTotal));
    }
}
