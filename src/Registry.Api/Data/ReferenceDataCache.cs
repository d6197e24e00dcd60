using Npgsql;
using PijarSemar.Registry.Domain;

namespace PijarSemar.Registry.Data;

/// <summary>
/// Occupations and kecamatan change only through migrations, so they are read once per process
/// and validating a registration (or a 250,000-row import) never queries them again. Only a
/// successful read is kept: a read that failed (the database not reachable yet) is tried again
/// by the next caller, never cached as failed for the life of the process.
/// </summary>
public sealed class ReferenceDataCache(NpgsqlDataSource dataSource) : IDisposable
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private ReferenceData? _data;

    public async Task<ReferenceData> GetAsync()
    {
        if (Volatile.Read(ref _data) is { } loaded)
        {
            return loaded;
        }

        // One caller reads; the others wait for it rather than each querying the database.
        await _loading.WaitAsync();
        try
        {
            return _data ??= await LoadAsync(dataSource);
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();

    private static async Task<ReferenceData> LoadAsync(NpgsqlDataSource dataSource)
    {
        var occupations = new List<Occupation>();
        await using (var command = dataSource.CreateCommand("SELECT code, name_id, name_en FROM occupations ORDER BY sort_order"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                occupations.Add(new Occupation(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var kecamatan = new List<Kecamatan>();
        await using (var command = dataSource.CreateCommand("SELECT code, name FROM kecamatan ORDER BY code"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                kecamatan.Add(new Kecamatan(reader.GetString(0), reader.GetString(1)));
            }
        }

        return new ReferenceData(occupations, kecamatan);
    }
}
