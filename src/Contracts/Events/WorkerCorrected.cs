namespace PijarSemar.Contracts.Events;

/// <summary>
/// An operator corrected what was registered wrongly. <see cref="CorrectedFields"/> names what changed
/// (nik, fullName, birthDate, sex, kecamatan, kelurahan, occupationCode) without the personal values;
/// the other fields are the worker's non-personal facts as they are now, whether or not they changed,
/// so a read model can take them as they come. <see cref="Version"/> is the worker's version after the
/// change: apply the facts only when it is newer than the facts already held.
/// </summary>
public sealed record WorkerCorrected(
    Guid WorkerId,
    IReadOnlyList<string> CorrectedFields,
    string Kecamatan,
    string? Kelurahan,
    string OccupationCode,
    bool P3keListed,
    DateTimeOffset CorrectedAt,
    long Version);
