using PijarSemar.Registry;
using PijarSemar.Registry.Apis;
using PijarSemar.Registry.Duplicates;
using PijarSemar.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapWorkersApi();
app.MapWorkerSearchApi();
app.MapWorkerLifecycleApi();
app.MapWorkerCorrectionApi();
app.MapWorkerHistoryApi();
app.MapReferenceDataApi();
app.MapWorkerImportsApi();
app.MapWorkerLookupApi();
app.MapPossibleDuplicatesApi();
app.MapPersonalDataReadsApi();
app.Run();

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
