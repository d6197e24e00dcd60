using PijarSemar.Claims.Domain;
using PijarSemar.Contracts;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Validation;

namespace PijarSemar.Claims.Filing;

/// <summary>A claim as Disnaker hears of it: the worker, JKK or JKM, the day it happened, what happened, where, and who told.</summary>
public sealed record FileClaimRequest(Guid? WorkerId, string? Type, DateOnly? IncidentDate, string? Description, string? Location, string? ReportedBy)
{
    public const int MaxDescriptionLength = 2000;
    public const int MaxReportedByLength = 200;
    public const int MaxLocationLength = 500;

    /// <summary>The request checked field by field, trimmed and with the type spelt canonically; a 400 naming every bad field otherwise.</summary>
    public ValidFiling Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (WorkerId is null || WorkerId == Guid.Empty)
        {
            errors["workerId"] = ["Worker id is required."];
        }

        var type = ClaimType.All.FirstOrDefault(t => string.Equals(t, Type?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (type is null)
        {
            errors["type"] = [$"Type is required, one of {string.Join(", ", ClaimType.All)}."];
        }

        if (IncidentDate is not { } date)
        {
            errors["incidentDate"] = ["Incident date is required (yyyy-MM-dd)."];
        }
        else if (date.Year is < Period.MinYear or > Period.MaxYear)
        {
            errors["incidentDate"] = [$"Incident date must lie between {Period.MinYear} and {Period.MaxYear}."];
        }

        var description = Text(errors, "description", Description, MaxDescriptionLength, required: true);
        var reportedBy = Text(errors, "reportedBy", ReportedBy, MaxReportedByLength, required: true);
        var location = Text(errors, "location", Location, MaxLocationLength, required: false);
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        return new ValidFiling(WorkerId!.Value, type!, IncidentDate!.Value, description!, location, reportedBy!);
    }

    private static string? Text(Dictionary<string, string[]> errors, string field, string? value, int maxLength, bool required)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required)
            {
                errors[field] = [$"{field} is required, 1 to {maxLength} characters."];
            }

            return null;
        }

        if (ControlCharacters.Contain(trimmed))
        {
            errors[field] = [ControlCharacters.Message];
        }
        else if (trimmed.Length > maxLength)
        {
            errors[field] = [$"{field} is at most {maxLength} characters."];
        }

        return trimmed;
    }
}

/// <summary>A filing whose fields are all well-formed; the business rules come next.</summary>
public sealed record ValidFiling(Guid WorkerId, string Type, DateOnly IncidentDate, string Description, string? Location, string ReportedBy);
