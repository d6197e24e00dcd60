using System.Globalization;
using System.Text;
using PijarSemar.Contracts.Registry;
using PijarSemar.TestSupport;

namespace PijarSemar.LoadBench;

/// <summary>
/// Registrations that pass every rule and never meet each other: each number gives its own NIK
/// (serial and kecamatan digits are taken from the number, so no two agree) and its own name (a
/// third name spelled from the number), so no registration is flagged as a possible duplicate or
/// waits on another one's name lock, as distinct people do not.
/// </summary>
internal sealed class SampleRegistrations
{
    private const int Serials = 9_999;
    private const int Districts = 16;
    private const int BirthDays = 9_000;

    /// <summary>How many distinct NIKs the numbering gives before a (kecamatan, serial) pair repeats.</summary>
    public const int Capacity = Serials * Districts;

    private static readonly string[] FirstNames = ["Siti", "Budi", "Agus", "Sri", "Dewi", "Joko", "Rina", "Wahyu", "Tri", "Eko", "Nur", "Ani", "Bambang", "Yuli", "Hadi", "Ratna"];
    private static readonly string[] LastNames = ["Rahayu", "Santoso", "Wibowo", "Lestari", "Setiawan", "Hidayat", "Kurniawan", "Susanti", "Pratama", "Wulandari", "Saputra", "Handayani"];
    private static readonly string[] Syllables = ["ka", "ri", "mo", "su", "na", "di", "wa", "to", "le", "ga", "pu", "ja", "si", "ro", "ne", "ba", "yu", "ma", "ti", "ho"];
    private static readonly string[] Kecamatan = ["Semarang Tengah", "Semarang Utara", "Semarang Timur", "Gayamsari", "Genuk", "Pedurungan", "Semarang Selatan", "Candisari", "Gajahmungkur", "Tembalang", "Banyumanik", "Gunungpati", "Semarang Barat", "Mijen", "Ngaliyan", "Tugu"];
    private static readonly string[] Occupations = ["tukang-becak", "sopir-angkot", "pengemudi-ojek", "pembantu-rumah-tangga", "buruh-harian-lepas", "pedagang-keliling", "pemulung", "nelayan", "juru-parkir"];

    private readonly DateOnly youngest;
    private long next = -1;

    /// <param name="today">the registration day in Semarang: everyone is between 19 and 44 on it, inside the 15 to 65 the registry accepts.</param>
    public SampleRegistrations(DateOnly today) => youngest = today.AddYears(-19);

    /// <summary>The next registration; throws once the numbering would give a NIK a second time.</summary>
    public RegisterWorkerRequest Next()
    {
        var n = Interlocked.Increment(ref next);
        if (n >= Capacity)
        {
            throw new InvalidOperationException($"More than {Capacity:N0} registrations in one run: NIKs would repeat.");
        }

        var i = (int)n;
        var sex = i % 2 == 0 ? "Male" : "Female";
        var born = youngest.AddDays(-(i % BirthDays));
        return new RegisterWorkerRequest(
            Nik: WorkerSamples.NikFor(born, sex, serial: i % Serials + 1, district: i / Serials % Districts + 1),
            FullName: $"{FirstNames[i % FirstNames.Length]} {LastNames[i / FirstNames.Length % LastNames.Length]} {Spelled(i)}",
            BirthDate: born,
            Sex: sex,
            Phone: string.Create(CultureInfo.InvariantCulture, $"+62812{i:00000000}"),
            Address: string.Create(CultureInfo.InvariantCulture, $"Jl. Pemuda No. {i % 300 + 1}"),
            Kecamatan: Kecamatan[i % Kecamatan.Length],
            Kelurahan: "Sekayu",
            OccupationCode: Occupations[i % Occupations.Length],
            P3keListed: i % 10 == 0);
    }

    /// <summary>The number in base 20, one syllable a digit, capitalised: 0 is "Ka", 21 "Riri".</summary>
    private static string Spelled(int number)
    {
        var name = new StringBuilder();
        do
        {
            name.Insert(0, Syllables[number % Syllables.Length]);
            number /= Syllables.Length;
        }
        while (number > 0);

        name[0] = char.ToUpperInvariant(name[0]);
        return name.ToString();
    }
}
