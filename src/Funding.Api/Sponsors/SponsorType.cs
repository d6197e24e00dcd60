namespace PijarSemar.Funding.Sponsors;

/// <summary>Who a sponsor is: a civil servant (ASN), a contract civil servant (PPPK), or a company paying CSR.</summary>
public enum SponsorType
{
    Asn,
    Pppk,
    Company,
}
