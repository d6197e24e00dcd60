using PijarSemar.Claims;
using PijarSemar.Claims.Apis;
using PijarSemar.Claims.Filing;
using PijarSemar.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapClaimsApi();
app.MapClaimFilingApi();
app.MapWorkflowApi();
app.MapBenefitsApi();
app.Run();

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
