namespace PijarSemar.Funding.Sponsors;

/// <summary>
/// A company is identified by its NIB (Nomor Induk Berusaha), the 13-digit business registration
/// number every Indonesian business receives from the online licensing system (OSS).
/// </summary>
public static class CompanyRegistrationNumber
{
    public const int Length = 13;

    public static string? FindProblem(string nib) =>
        nib.Length != Length || !nib.All(char.IsAsciiDigit) ? $"A company's identifier is its NIB: {Length} digits."
        : nib.All(c => c == '0') ? "NIB 0000000000000 is not a registration number."
        : null;
}
