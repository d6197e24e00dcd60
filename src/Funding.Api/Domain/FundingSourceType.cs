namespace PijarSemar.Funding.Domain;

/// <summary>Who pays: the city budget, tobacco-excise funds, a company's CSR, or civil servants (ASN Peduli).</summary>
public enum FundingSourceType
{
    Apbd,
    Dbhcht,
    Csr,
    Asn,
}
