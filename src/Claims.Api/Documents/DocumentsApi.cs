using Microsoft.AspNetCore.Http.HttpResults;
using PijarSemar.Claims.Apis;
using PijarSemar.Claims.Domain;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.Claims.Documents;

/// <summary>Where a received document is kept: a URL or a file number (the file itself is not stored here).</summary>
public sealed record DocumentRequest(string? Reference);

public static class DocumentsApi
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/api/v1/claims/{id:guid}/documents").WithTags("Claims");

        documents.MapPut("/{code}", ReceiveDocument)
            .WithName("ReceiveClaimDocument")
            .WithSummary("Mark a checklist document received, kept at reference; again with another reference replaces it. 404 lists the codes of the claim's type; 409 once the claim has gone to BPJS.")
            .RequireAuthorization(Roles.ClaimsOfficer);

        documents.MapDelete("/{code}", MarkDocumentMissing)
            .WithName("MarkClaimDocumentMissing")
            .WithSummary("Mark a checklist document missing again (it was the wrong one); 409 once the claim has gone to BPJS.")
            .RequireAuthorization(Roles.ClaimsOfficer);
        return app;
    }

    public static async Task<Ok<ClaimDetails>> ReceiveDocument(
        Guid id, string code, DocumentRequest request, ClaimDocuments documents, CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        var reference = request.Reference?.Trim() ?? "";
        if (reference.Length is 0 or > Claim.MaxDocumentReferenceLength)
        {
            throw RequestValidationException.For(
                "reference", $"The reference (a URL or a file number) is required, at most {Claim.MaxDocumentReferenceLength} characters.");
        }

        // A reference is one line: a line break or tab in it is a pasting slip, not part of a file number.
        if (reference.AsSpan().IndexOfAny('\r', '\n', '\t') >= 0)
        {
            throw RequestValidationException.For("reference", "The reference is one line, without line breaks or tabs.");
        }

        var claim = await documents.ReceiveAsync(id, code, reference, actor.Subject, ct);
        return TypedResults.Ok(ClaimDetails.From(claim, clock));
    }

    public static async Task<Ok<ClaimDetails>> MarkDocumentMissing(
        Guid id, string code, ClaimDocuments documents, CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        var claim = await documents.MarkMissingAsync(id, code, actor.Subject, ct);
        return TypedResults.Ok(ClaimDetails.From(claim, clock));
    }
}
