namespace PijarSemar.Funding.Tariffs;

/// <summary>How Funding keeps its copy of Billing's tariffs (<c>Funding:Tariffs</c>).</summary>
public sealed class TariffOptions
{
    /// <summary>How often the copy is read again from Billing in the background.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A request that needs a month with no tariff reads Billing again at once, but not more often
    /// than this: a burst of such requests while Billing is down costs one call, not hundreds.
    /// </summary>
    public TimeSpan OnDemandMinInterval { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<string> Problems()
    {
        if (RefreshInterval < TimeSpan.FromSeconds(1) || RefreshInterval > TimeSpan.FromDays(1))
        {
            yield return $"RefreshInterval must be from 1 second to 1 day, not {RefreshInterval}.";
        }

        if (OnDemandMinInterval < TimeSpan.Zero || OnDemandMinInterval > RefreshInterval)
        {
            yield return $"OnDemandMinInterval must be from zero to RefreshInterval, not {OnDemandMinInterval}.";
        }
    }
}
