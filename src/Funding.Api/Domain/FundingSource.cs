namespace PijarSemar.Funding.Domain;

/// <summary>One fiscal year's pot of money under one name: at most <see cref="Quota"/> workers funded in any month, within <see cref="Budget"/>.</summary>
public sealed class FundingSource
{
    public Guid Id { get; private set; }
    public long Seq { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public FundingSourceType Type { get; private set; }
    public int FiscalYear { get; private set; }
    public int Quota { get; private set; }

    /// <summary>Whole rupiah for the fiscal year.</summary>
    public long Budget { get; private set; }

    public long Version { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";

    public static FundingSource Create(NewFundingSource source, string actor, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(at),
        Code = source.Code,
        Name = source.Name,
        Type = source.Type,
        FiscalYear = source.FiscalYear,
        Quota = source.Quota,
        Budget = source.Budget,
        Version = 1,
        CreatedAt = at,
        CreatedBy = actor,
    };
}

/// <summary>A funding source as validated from a request, before it is stored.</summary>
public sealed record NewFundingSource(string Code, string Name, FundingSourceType Type, int FiscalYear, int Quota, long Budget);
