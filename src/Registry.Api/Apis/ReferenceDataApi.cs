using Microsoft.AspNetCore.Http.HttpResults;
using PijarSemar.Contracts.Paging;
using PijarSemar.Registry.Data;
using PijarSemar.Registry.Domain;

namespace PijarSemar.Registry.Apis;

/// <summary>Kota Semarang's kecamatan; kelurahan are accepted as free text until an authoritative list is loaded.</summary>
public sealed record RegionsResponse(string Regency, string RegencyCode, IReadOnlyList<Kecamatan> Kecamatan, string Kelurahan);

public static class ReferenceDataApi
{
    public static IEndpointRouteBuilder MapReferenceDataApi(this IEndpointRouteBuilder app)
    {
        // Any caller with a token may read them; said here, so an endpoint that says nothing stands out as a mistake.
        var reference = app.MapGroup("/api/v1").WithTags("Reference data").RequireAuthorization();

        reference.MapGet("/occupations", ListOccupations)
            .WithName("ListOccupations")
            .WithSummary("The vulnerable occupations a worker can be registered under (code, Indonesian and English name). The whole list fits one page.");

        reference.MapGet("/regions", GetRegions)
            .WithName("GetRegions")
            .WithSummary("The 16 kecamatan of Kota Semarang with their Kemendagri codes; either name or code is accepted on registration.");

        return app;
    }

    public static async Task<Ok<Page<Occupation>>> ListOccupations(ReferenceDataCache reference) =>
        TypedResults.Ok(new Page<Occupation>((await reference.GetAsync()).Occupations, null));

    public static async Task<Ok<RegionsResponse>> GetRegions(ReferenceDataCache reference) =>
        TypedResults.Ok(new RegionsResponse(
            "Kota Semarang",
            "33.74",
            (await reference.GetAsync()).Kecamatan,
            "Free text: the 177 kelurahan are not yet loaded from an authoritative list, so they are stored as typed."));
}
