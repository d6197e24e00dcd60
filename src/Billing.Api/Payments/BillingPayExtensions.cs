using PijarSemar.Billing.Coverage;
using PijarSemar.Billing.Exports;
using PijarSemar.Billing.Reports;
using PijarSemar.Billing.Sponsors;
using PijarSemar.Contracts.Funding;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Http;

namespace PijarSemar.Billing.Payments;

/// <summary>Payments, coverage, lapses, the BPJS line export and reports, sponsors' own invoices: their services and their endpoints.</summary>
public static class BillingPayExtensions
{
    public static IHostApplicationBuilder AddPaymentsAndCoverage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PaymentRecorder>();
        builder.Services.AddScoped<PaymentReconciliation>();
        builder.Services.AddScoped<LapseCheck>();
        builder.Services.AddOptions<LapseCheckOptions>().BindConfiguration("Billing:Lapses")
            .Validate(o => o.Interval >= TimeSpan.FromMinutes(1), "Billing:Lapses:Interval must be at least a minute.")
            .ValidateOnStart();
        builder.Services.AddHostedService<DailyLapseCheck>();
        builder.Services.AddTransient<ForwardCallerToken>();
        builder.AddServiceClient<IRegistryClient, RegistryClient>("registry").AddHttpMessageHandler<ForwardCallerToken>();
        builder.AddServiceClient<ISponsorClient, SponsorClient>("funding");
        return builder;
    }

    public static IEndpointRouteBuilder MapPaymentsAndCoverageApis(this IEndpointRouteBuilder app)
    {
        app.MapPaymentsApi();
        app.MapCoverageApi();
        app.MapInvoiceLinesCsvApi();
        app.MapReportsApi();
        app.MapSponsorInvoicesApi();
        return app;
    }
}
