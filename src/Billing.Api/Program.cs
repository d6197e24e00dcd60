using PijarSemar.Billing;
using PijarSemar.Billing.Invoices;
using PijarSemar.Billing.Payments;
using PijarSemar.Billing.Runs;
using PijarSemar.Billing.Tariffs;
using PijarSemar.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapTariffsApi();
app.MapBillingRunsApi();
app.MapInvoicesApi();
app.MapPaymentsAndCoverageApis();
app.Run();

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
