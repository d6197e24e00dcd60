using System.Text.RegularExpressions;
using PijarSemar.Contracts.Funding;
using PijarSemar.ServiceDefaults.Validation;

namespace PijarSemar.Funding.Domain;

/// <summary>What a new funding source must satisfy, field by field; the table's checks say the same.</summary>
public static partial class FundingSourceRules
{
    public const int MinFiscalYear = 2020;
    public const int MaxFiscalYear = 2100;
    public const int MaxNameLength = 200;

    /// <summary>The source, or the errors per field (camelCase names, as the client sent them).</summary>
    public static (NewFundingSource? Source, Dictionary<string, string[]> Errors) Validate(CreateFundingSourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        var code = request.Code?.Trim() ?? "";
        if (!CodePattern().IsMatch(code))
        {
            errors["code"] = ["Code is 2 to 40 characters: capital letters, digits and dashes, starting with a letter or digit (e.g. APBD-2026)."];
        }

        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength)
        {
            errors["name"] = [$"Name is required, at most {MaxNameLength} characters."];
        }

        var type = EnumName.Parse<FundingSourceType>(request.Type);
        if (type is null)
        {
            errors["type"] = [$"Type must be one of {string.Join(", ", Enum.GetNames<FundingSourceType>())}."];
        }

        if (request.FiscalYear is not (>= MinFiscalYear and <= MaxFiscalYear))
        {
            errors["fiscalYear"] = [$"Fiscal year is required, from {MinFiscalYear} to {MaxFiscalYear}."];
        }

        if (request.Quota is not >= 0)
        {
            errors["quota"] = ["Quota is required: the number of workers the source may fund in any one month, 0 or more."];
        }

        if (request.Budget is not { Amount: >= 0 })
        {
            errors["budget"] = ["Budget is required: whole rupiah for the fiscal year, 0 or more."];
        }

        return errors.Count > 0
            ? (null, errors)
            : (new NewFundingSource(code, name, type!.Value, request.FiscalYear!.Value, request.Quota!.Value, request.Budget!.Value.Amount), errors);
    }

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{1,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
