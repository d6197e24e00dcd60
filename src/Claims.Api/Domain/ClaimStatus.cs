namespace PijarSemar.Claims.Domain;

/// <summary>Where a claim stands: Submitted → Verified → SentToBpjs → Approved → Paid, or Rejected.</summary>
public static class ClaimStatus
{
    public const string Submitted = "Submitted";
    public const string Verified = "Verified";
    public const string SentToBpjs = "SentToBpjs";
    public const string Approved = "Approved";
    public const string Paid = "Paid";
    public const string Rejected = "Rejected";

    public static readonly IReadOnlyList<string> All = [Submitted, Verified, SentToBpjs, Approved, Paid, Rejected];

    /// <summary>Paid and Rejected are final; every other status is open.</summary>
    public static bool IsOpen(string status) => status is not (Paid or Rejected);
}

/// <summary>JKK: work accident (commuting included); JKM: death from any cause.</summary>
public static class ClaimType
{
    public const string Jkk = "Jkk";
    public const string Jkm = "Jkm";

    public static readonly IReadOnlyList<string> All = [Jkk, Jkm];
}

/// <summary>Billing's answer on coverage at the incident date, or <see cref="Unknown"/> while Billing could not be asked.</summary>
public static class CoverageStatus
{
    public const string Covered = "Covered";
    public const string PendingPayment = "PendingPayment";
    public const string NotCovered = "NotCovered";
    public const string Lapsed = "Lapsed";
    public const string Unknown = "Unknown";

    public static readonly IReadOnlyList<string> All = [Covered, PendingPayment, NotCovered, Lapsed, Unknown];
}
