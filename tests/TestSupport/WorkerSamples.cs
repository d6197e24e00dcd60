using System.Globalization;
using PijarSemar.Contracts.Registry;

namespace PijarSemar.TestSupport;

/// <summary>Registrations that pass every rule, each with its own NIK consistent with birth date and sex.</summary>
public static class WorkerSamples
{
    private static int _counter = Random.Shared.Next(0, 5_000);

    public static RegisterWorkerRequest Valid(string sex = "Male", DateOnly? birthDate = null, bool p3keListed = false)
    {
        var n = Interlocked.Increment(ref _counter);
        var born = birthDate ?? new DateOnly(1970, 1, 1).AddDays(n % 9_000);
        return new RegisterWorkerRequest(
            Nik: NikFor(born, sex, serial: n % 9_999 + 1, district: 1 + n / 9_999 % 16),
            FullName: "Siti Rahayu",
            BirthDate: born,
            Sex: sex,
            Phone: "0812-3456-7890",
            Address: "Jl. Pemuda No. 1",
            Kecamatan: "Semarang Tengah",
            Kelurahan: "Sekayu",
            OccupationCode: "tukang-becak",
            P3keListed: p3keListed);
    }

    /// <summary>3374 (Kota Semarang) + district + DDMMYY (DD + 40 for women) + serial.</summary>
    public static string NikFor(DateOnly born, string sex, int serial = 1, int district = 1)
    {
        var day = born.Day + (sex == "Female" ? 40 : 0);
        return string.Create(CultureInfo.InvariantCulture, $"3374{district:00}{day:00}{born.Month:00}{born.Year % 100:00}{serial:0000}");
    }
}
