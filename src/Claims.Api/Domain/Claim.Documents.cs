using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.Claims.Domain;

public sealed partial class Claim
{
    public const int MaxDocumentReferenceLength = 500;

    /// <summary>
    /// Marks a checklist document received, kept at <paramref name="reference"/>. The same reference
    /// again changes nothing (false); another one replaces it, with who and when anew.
    /// </summary>
    public bool ReceiveDocument(string code, string reference, string by, DateTimeOffset at)
    {
        var document = ChangeableDocument(code);
        if (document.Received && document.Reference == reference)
        {
            return false;
        }

        document.MarkReceived(reference, by, at);
        return true;
    }

    /// <summary>Marks a checklist document missing again (the paper was the wrong one); false when it already was.</summary>
    public bool MarkDocumentMissing(string code)
    {
        var document = ChangeableDocument(code);
        if (!document.Received)
        {
            return false;
        }

        document.MarkMissing();
        return true;
    }

    /// <summary>The checklist's spelling of <paramref name="code"/> for this claim's type, matched ignoring case; 404 otherwise.</summary>
    public string DocumentCode(string code)
    {
        var checklist = DocumentChecklist.For(Type);
        return checklist.FirstOrDefault(d => string.Equals(d.Code, code.Trim(), StringComparison.OrdinalIgnoreCase))?.Code
            ?? throw new NotFoundException(
                "Document not on the checklist.",
                $"A {Type} claim has no document {code}; its documents are {string.Join(", ", checklist.Select(d => d.Code))}.");
    }

    /// <summary>
    /// The document's checklist line, while the claim is still being put together: once it has gone
    /// to BPJS Ketenagakerjaan (or is closed), the papers sent are the papers on record.
    /// </summary>
    private ClaimDocument ChangeableDocument(string code)
    {
        var canonical = DocumentCode(code);
        if (Status is not (ClaimStatus.Submitted or ClaimStatus.Verified))
        {
            throw new ConflictException(
                "Documents can no longer change.",
                $"The claim is {Status}; documents change only while it is {ClaimStatus.Submitted} or {ClaimStatus.Verified}.",
                new Dictionary<string, object?> { ["claimStatus"] = Status });
        }

        var document = _documents.SingleOrDefault(d => d.Code == canonical);
        if (document is null)
        {
            // Filing creates every checklist row; a line missing all the same is added rather than refused.
            document = ClaimDocument.Missing(Id, canonical);
            _documents.Add(document);
        }

        return document;
    }
}
