using System.Globalization;
using System.Text;

namespace PijarSemar.Registry.ImportBench;

/// <summary>One worker of the generated list, with values as the import stores them.</summary>
internal sealed record SampleWorker(
    string Nik, string FullName, DateOnly BirthDate, string Sex, string Phone, string Address,
    string Kecamatan, string Kelurahan, string OccupationCode, bool P3keListed);

/// <summary>
/// Valid, distinct workers, as diverse as a city's list: 12,288 names over 66 kelurahan, so about
/// one worker in eight shares name and kelurahan with an earlier one and is flagged as a possible
/// duplicate, as common names are. (Until 2026-12-01 the list had 192 names over 6 kelurahan: all
/// but 1,152 of 250,000 workers were flagged, which no real list does.) Workers: NIKs start with 3374 and carry the birth date (day + 40 for women)
/// that the birthDate column states; ages lie well inside 18 to 60 on any day the benchmark runs.
/// </summary>
internal static class SampleWorkers
{
    private const int Days = 15_000;
    private const int Districts = 16;

    private static readonly string[] FirstNames = ["Siti", "Budi", "Agus", "Sri", "Dewi", "Joko", "Rina", "Wahyu", "Tri", "Eko", "Nur", "Ani", "Bambang", "Yuli", "Hadi", "Ratna"];
    private static readonly string[] MiddleNames = ["Ayu", "Dwi", "Putri", "Adi", "Indah", "Hari", "Puji", "Nining", "Sugeng", "Retno", "Bayu", "Sari", "Endah", "Rudi", "Wati", "Yanto",
        "Fitri", "Heru", "Lina", "Dian", "Arif", "Nanik", "Slamet", "Tutik", "Purnomo", "Ika", "Sigit", "Rini", "Teguh", "Mega", "Andi", "Wiwik",
        "Anton", "Dina", "Iwan", "Sumi", "Yoga", "Lilis", "Dedi", "Umi", "Gunawan", "Atik", "Rizki", "Novi", "Hendra", "Ning", "Fajar", "Eni",
        "Surya", "Tini", "Bagus", "Erna", "Darmo", "Yayuk", "Dimas", "Suci", "Aris", "Ratih", "Imam", "Winarti", "Galih", "Asih", "Kukuh", "Mulyani"];
    private static readonly string[] LastNames = ["Rahayu", "Santoso", "Wibowo", "Lestari", "Setiawan", "Hidayat", "Kurniawan", "Susanti", "Pratama", "Wulandari", "Saputra", "Handayani"];
    private static readonly string[] Streets = ["Jl. Pemuda", "Jl. Pandanaran", "Jl. Majapahit", "Jl. Kaligawe", "Jl. Setiabudi", "Jl. Ngesrep", "Gg. Melati"];
    private static readonly string[] Kecamatan = ["Semarang Tengah", "Semarang Utara", "Semarang Timur", "Gayamsari", "Genuk", "Pedurungan", "Semarang Selatan", "Candisari", "Gajahmungkur", "Tembalang", "Banyumanik", "Gunungpati", "Semarang Barat", "Mijen", "Ngaliyan", "Tugu"];
    private static readonly string[] Kelurahan = ["Sekayu", "Kembangsari", "Pandansari", "Bangunharjo", "Purwodinatan", "Jagalan", "Miroto", "Gabahan",
        "Kauman", "Brumbungan", "Pekunden", "Karangkidul", "Pindrikan Kidul", "Pindrikan Lor", "Bandarharjo", "Tanjung Mas", "Kuningan", "Panggung Lor",
        "Panggung Kidul", "Plombokan", "Dadapsari", "Purwosari", "Bulu Lor", "Bugangan", "Rejosari", "Karangtempel", "Sarirejo", "Kemijen", "Mlatiharjo",
        "Mlatibaru", "Rejomulyo", "Kebonagung", "Karangturi", "Sambirejo", "Tambakrejo", "Kaligawe", "Pandean Lamper", "Siwalan", "Sawah Besar",
        "Tlogosari Kulon", "Tlogosari Wetan", "Muktiharjo Kidul", "Pedurungan Kidul", "Palebon", "Gemah", "Kalicari", "Penggaron Kidul", "Bulusan",
        "Meteseh", "Rowosari", "Kramas", "Sendangmulyo", "Mangunharjo", "Srondol Kulon", "Srondol Wetan", "Pedalangan", "Padangsari", "Ngesrep",
        "Tinjomoyo", "Sumurboto", "Jatingaleh", "Gedawang", "Pudakpayung", "Sukorejo", "Sadeng", "Patemon"];
    private static readonly string[] Occupations = ["tukang-becak", "sopir-angkot", "pengemudi-ojek", "pembantu-rumah-tangga", "buruh-harian-lepas", "pedagang-keliling", "pemulung", "nelayan", "juru-parkir"];

    /// <param name="serialOffset">Keeps lists made for different runs apart (serials 1-9999).</param>
    public static List<SampleWorker> Make(int count, int serialOffset = 0)
    {
        var random = new Random(count + serialOffset);
        var youngest = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-19);
        var workers = new List<SampleWorker>(count);
        for (var i = 0; i < count; i++)
        {
            var born = youngest.AddDays(-(i % Days));
            var sex = i % 2 == 0 ? "Male" : "Female";
            var district = i / Days % Districts + 1;
            var serial = i / (Days * Districts) + 1 + serialOffset;
            var day = born.Day + (sex == "Female" ? 40 : 0);
            var nik = string.Create(CultureInfo.InvariantCulture, $"3374{district:00}{day:00}{born.Month:00}{born.Year % 100:00}{serial:0000}");
            var address = string.Create(CultureInfo.InvariantCulture,
                $"{Streets[random.Next(Streets.Length)]} No. {random.Next(1, 300)}{(i % 5 == 0 ? ", RT 02/RW 05" : "")}");
            workers.Add(new SampleWorker(
                nik,
                $"{FirstNames[random.Next(FirstNames.Length)]} {MiddleNames[random.Next(MiddleNames.Length)]} {LastNames[random.Next(LastNames.Length)]}",
                born,
                sex,
                string.Create(CultureInfo.InvariantCulture, $"+628{random.Next(100_000_000, 999_999_999)}"),
                address,
                Kecamatan[random.Next(Kecamatan.Length)],
                Kelurahan[random.Next(Kelurahan.Length)],
                Occupations[random.Next(Occupations.Length)],
                random.Next(10) == 0));
        }

        return workers;
    }

    /// <summary>The list as a spreadsheet exports it: header, CRLF, a value with a comma quoted.</summary>
    public static byte[] ToCsv(IEnumerable<SampleWorker> workers)
    {
        var csv = new StringBuilder("nik,fullName,birthDate,sex,phone,address,kecamatan,kelurahan,occupationCode,p3keListed\r\n");
        foreach (var w in workers)
        {
            var address = w.Address.Contains(',', StringComparison.Ordinal) ? $"\"{w.Address}\"" : w.Address;
            csv.Append(CultureInfo.InvariantCulture,
                $"{w.Nik},{w.FullName},{w.BirthDate:yyyy-MM-dd},{w.Sex},{w.Phone},{address},{w.Kecamatan},{w.Kelurahan},{w.OccupationCode},{(w.P3keListed ? "true" : "false")}\r\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
