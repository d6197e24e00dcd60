using System.Net.Http.Json;
using PijarSemar.Contracts.Paging;
using PijarSemar.Registry.Apis;
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
}
