using PijarSemar.Claims.Workflow;

// In the service's root namespace, like AddApplicationServices, so Program needs no extra using.
namespace PijarSemar.Claims;

public static class WorkflowExtensions
{
    /// <summary>Moving claims through the workflow, and their documents checklist. Needs the service database.</summary>
    public static IHostApplicationBuilder AddWorkflow(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ClaimTransitions>();
        builder.Services.AddScoped<Documents.ClaimDocuments>();
        return builder;
    }

    /// <summary>POST /api/v1/claims/{id}/transitions, and PUT and DELETE /api/v1/claims/{id}/documents/{code}.</summary>
    public static IEndpointRouteBuilder MapWorkflowApi(this IEndpointRouteBuilder app)
    {
        app.MapTransitionsApi();
        Documents.DocumentsApi.Map(app);
        return app;
    }
}
