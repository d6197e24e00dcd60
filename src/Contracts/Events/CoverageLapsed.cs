namespace PijarSemar.Contracts.Events;

/// <summary>
/// A worker's BPJS participation lapsed: the months <see cref="FirstUnpaidPeriod"/> to
/// <see cref="LastUnpaidPeriod"/> were billed and left unpaid for more than the three-month arrears
/// window, so the worker must be re-enrolled. Told once per worker and lapse (the first unpaid month).
/// </summary>
public sealed record CoverageLapsed(
    Guid WorkerId,
    Period FirstUnpaidPeriod,
    Period LastUnpaidPeriod,
    DateTimeOffset LapsedAt);
