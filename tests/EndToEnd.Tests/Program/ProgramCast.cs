using System.Globalization;
using PijarSemar.Contracts.Registry;
using PijarSemar.TestSupport;

namespace PijarSemar.EndToEnd.Tests.Program;

/// <summary>
/// The people of the scenario: workers of several occupations (one known only from the P3KE
/// list), one who is not eligible at all, and the civil servant and company who sponsor. Names
/// are rare enough that finding one in a log means the log holds personal data.
/// </summary>
public sealed class ProgramCast
{
    // A serial range of this run's own, so no other test registers the same NIKs on the shared server.
    private readonly int serial = Random.Shared.Next(1, 90) * 10;

    public ProgramCast()
    {
        Becak = Worker("Suparmin Wiryosukarto", "Male", new DateOnly(1968, 3, 14), "tukang-becak", district: 1);
        Hawker = Worker("Ngatiyem Sastrowardoyo", "Female", new DateOnly(1971, 8, 2), "pedagang-asongan", district: 3);
        P3ke = Worker("Slamet Prawirodirjo", "Male", new DateOnly(1975, 11, 23), null, district: 5, p3ke: true, occupationText: "Kuli panggul pasar");
        Scavenger = Worker("Wartini Kromodikromo", "Female", new DateOnly(1980, 1, 9), "pemulung", district: 6);
        ParkingAttendant = Worker("Rusdianto Cokrohadi", "Male", new DateOnly(1983, 6, 30), "juru-parkir", district: 10);
        Tailor = Worker("Sumiyati Partowiyono", "Female", new DateOnly(1979, 4, 17), "tukang-jahit-keliling", district: 11);
        Fisher = Worker("Paijo Darmosuwito", "Male", new DateOnly(1990, 12, 5), "nelayan", district: 16);
        FormallyEmployed = Worker("Tukiyem Sastrodiharjo", "Female", new DateOnly(1986, 2, 28), "buruh-tani", district: 14);
        BankClerk = Worker("Bambang Kusumowardhani", "Male", new DateOnly(1992, 9, 12), "Karyawan bank", district: 2);
    }

    /// <summary>Funded by the city budget through the allocation run; has a work accident (JKK).</summary>
    public RegisterWorkerRequest Becak { get; }

    /// <summary>Funded by the city budget through the allocation run; dies (JKM).</summary>
    public RegisterWorkerRequest Hawker { get; }

    /// <summary>Listed in P3KE with an occupation outside Disnaker's list: eligible, and first in the run.</summary>
    public RegisterWorkerRequest P3ke { get; }

    /// <summary>Verified after the city budget is full: the tobacco-excise fund takes her.</summary>
    public RegisterWorkerRequest Scavenger { get; }

    /// <summary>Sponsored by a company (CSR).</summary>
    public RegisterWorkerRequest ParkingAttendant { get; }

    /// <summary>Sponsored by a civil servant (ASN Peduli).</summary>
    public RegisterWorkerRequest Tailor { get; }

    /// <summary>Verified last: no slot is left for him until the hawker's death frees one.</summary>
    public RegisterWorkerRequest Fisher { get; }

    /// <summary>Registered, then rejected at verification: she has a formal job with its own BPJS cover.</summary>
    public RegisterWorkerRequest FormallyEmployed { get; }

    /// <summary>Not in a vulnerable occupation nor in P3KE: the registration is refused.</summary>
    public RegisterWorkerRequest BankClerk { get; }

    public const string CivilServantName = "Dwi Hartono Wicaksono";

    /// <summary>Born 1985-03-12, appointed January 2010, a man, serial 002.</summary>
    public const string CivilServantNip = "198503122010011002";

    public const string CompanyName = "PT Sinar Kaligawe Sejahtera";

    public const string CompanyNib = "9120301234567";

    /// <summary>Every NIK and personal name the scenario sends to the services.</summary>
    public IReadOnlyList<string> PersonalData =>
    [
        .. new[] { Becak, Hawker, P3ke, Scavenger, ParkingAttendant, Tailor, Fisher, FormallyEmployed, BankClerk }
            .SelectMany(w => new[] { w.Nik!, w.FullName! }),
        CivilServantName,
        CivilServantNip,
    ];

    private RegisterWorkerRequest Worker(
        string name, string sex, DateOnly born, string? occupation, int district, bool p3ke = false, string? occupationText = null) =>
        new(
            Nik: WorkerSamples.NikFor(born, sex, serial + district, district),
            FullName: name,
            BirthDate: born,
            Sex: sex,
            Phone: "0812-2750-" + (1000 + serial + district),
            Address: "Jl. Layur No. " + district,
            Kecamatan: "3374" + district.ToString("00", CultureInfo.InvariantCulture),
            Kelurahan: "Kampung " + district,
            OccupationCode: occupation,
            P3keListed: p3ke,
            OccupationText: occupationText);
}
