using PijarSemar.Billing;
using PijarSemar.Billing.Apis;
using PijarSemar.Billing.Payments;
using PijarSemar.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.AddPaymentsAndCoverage();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapTariffsApi();
app.MapPaymentsAndCoverageApis();
app.Run();

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
