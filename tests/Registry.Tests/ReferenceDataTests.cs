using System.Net.Http.Json;
using Npgsql;
using PijarSemar.Contracts.Paging;
using PijarSemar.Registry.Apis;
using PijarSemar.Registry.Data;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Registry.Tests;

public sealed class ReferenceDataTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task The_occupation_list_has_disnakers_21_categories_and_the_3_the_mayor_named()
    {
        var page = await registry.ClientAs(Roles.Sponsor).GetFromJsonAsync<Page<Occupation>>("/api/v1/occupations");

        Assert.Equal(24, page!.Items.Count);
        Assert.Contains(page.Items, o => o is { Code: "tukang-becak", NameId: "Tukang becak", NameEn: "Pedicab driver" });
        Assert.Contains(page.Items, o => o.Code == "juru-parkir");
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task The_regions_are_the_16_kecamatan_of_kota_semarang()
    {
        var regions = await registry.ClientAs(Roles.Operator).GetFromJsonAsync<RegionsResponse>("/api/v1/regions");

        Assert.Equal(16, regions!.Kecamatan.Count);
        Assert.Contains(regions.Kecamatan, k => k is { Code: "33.74.16", Name: "Tugu" });
        Assert.Equal("33.74", regions.RegencyCode);
    }

    [Fact]
    public async Task Reference_data_that_failed_to_load_is_loaded_again_by_the_next_caller_not_cached_as_failed()
    {
        // A schema that does not exist yet: the first read fails as it would with the tables missing.
        var schema = "refdata_" + RegistryApiExtensions.UniqueWord();
        var connectionString = new NpgsqlConnectionStringBuilder(registry.ConnectionString) { SearchPath = schema }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        using var cache = new ReferenceDataCache(dataSource);

        await Assert.ThrowsAsync<PostgresException>(cache.GetAsync);
        await registry.ScalarAsync<int>($"""
            CREATE SCHEMA {schema};
            CREATE TABLE {schema}.occupations AS SELECT * FROM public.occupations;
            CREATE TABLE {schema}.kecamatan AS SELECT * FROM public.kecamatan;
            SELECT 1
            """);

        var loaded = await cache.GetAsync();

        Assert.Equal((24, 16), (loaded.Occupations.Count, loaded.Kecamatan.Count));
        Assert.Same(loaded, await cache.GetAsync());
    }

    [Fact]
    public async Task A_kecamatan_typed_by_its_code_without_dots_is_accepted_on_registration()
    {
        var worker = await registry.ClientAs(Roles.Operator).RegisterAsync(TestSupport.WorkerSamples.Valid() with { Kecamatan = "337416" });

        Assert.Equal("Tugu", worker.Kecamatan);
    }
}
