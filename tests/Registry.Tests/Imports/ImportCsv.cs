using System.Globalization;
using PijarSemar.Contracts.Registry;

namespace PijarSemar.Registry.Tests.WorkerImports;

/// <summary>Import files built from sample registrations, as a spreadsheet would export them.</summary>
internal static class ImportCsv
{
    public const string Header = "nik,fullName,birthDate,sex,phone,address,kecamatan,kelurahan,occupationCode,p3keListed";

    public static string Line(RegisterWorkerRequest worker, char separator = ',') => string.Join(
        separator,
        worker.Nik,
        worker.FullName,
        worker.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        worker.Sex,
        worker.Phone,
        worker.Address,
        worker.Kecamatan,
        worker.Kelurahan,
        worker.OccupationCode,
        worker.P3keListed ? "true" : "false");

    /// <summary>The header, then the given lines, each ended with CRLF.</summary>
    public static string Of(params string[] lines) => string.Concat(lines.Prepend(Header).Select(line => line + "\r\n"));

    public static string Of(IEnumerable<RegisterWorkerRequest> workers) => Of([.. workers.Select(w => Line(w))]);
}
