using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.Registry.Domain;

/// <summary>A vulnerable informal worker in the program, and where they stand in its lifecycle.</summary>
public sealed class Worker
{
    public Guid Id { get; private set; }
    public long Seq { get; private set; }
    public string Nik { get; private set; } = "";
    public string FullName { get; private set; } = "";
    public DateOnly BirthDate { get; private set; }
    public Sex Sex { get; private set; }
    public string? Phone { get; private set; }
    public string? Address { get; private set; }
    public string Kecamatan { get; private set; } = "";
    public string? Kelurahan { get; private set; }
    public string? OccupationCode { get; private set; }
    public bool P3keListed { get; private set; }
    public WorkerStatus Status { get; private set; }
    public string? StatusReason { get; private set; }
    public string? StatusNote { get; private set; }
    public DateOnly? StatusEffectiveDate { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public Guid? ImportId { get; private set; }

    public static Worker Register(NewWorker worker, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Nik = worker.Nik,
        FullName = worker.FullName,
        BirthDate = worker.BirthDate,
        Sex = worker.Sex,
        Phone = worker.Phone,
        Address = worker.Address,
        Kecamatan = worker.Kecamatan,
        Kelurahan = worker.Kelurahan,
        OccupationCode = worker.OccupationCode,
        P3keListed = worker.P3keListed,
        Status = WorkerStatus.Registered,
        RegisteredAt = now,
        UpdatedAt = now,
    };
}
