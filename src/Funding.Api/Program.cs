using PijarSemar.Funding;
using PijarSemar.Funding.Apis;
using PijarSemar.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapWorkerFundingApi();
app.MapFundingSourcesApi();
app.MapAllocationsApi();
app.MapSponsorsApi();
app.MapReportsApi();
app.MapAllocationRunsApi();
app.Run();

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
