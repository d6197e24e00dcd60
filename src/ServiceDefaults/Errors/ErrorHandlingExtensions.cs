using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using PijarSemar.ServiceDefaults.Validation;

namespace PijarSemar.ServiceDefaults.Errors;

public static class ErrorHandlingExtensions
{
    /// <summary>
    /// Errors as RFC 9457 ProblemDetails whatever the client accepts, strict JSON (no control
    /// characters, no duplicate keys, a capped body), and logs that never quote database data.
    /// </summary>
    public static IHostApplicationBuilder AddPijarErrorHandling(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        AnswerEveryAcceptWithProblemJson(builder.Services);
        builder.Services.AddOptions<RequestBodyLimitOptions>()
            .BindConfiguration(RequestBodyLimitOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddDatabaseErrorRedaction();

        // Unreadable bodies reach the exception handler in every environment, which names the field.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            json.SerializerOptions.Converters.Add(new TextWithoutControlsConverter());

            // {"nik": "a", "nik": "b"} would otherwise mean the last one, and a checker reading the first would disagree.
            json.SerializerOptions.AllowDuplicateProperties = false;
        });
        return builder;
    }

    /// <summary>The error middleware, then the checks every request passes before authentication and endpoints.</summary>
    public static WebApplication UsePijarErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimit>();
        app.UseMiddleware<RequestTextCheck>();
        return app;
    }

    private static void AnswerEveryAcceptWithProblemJson(IServiceCollection services)
    {
        var framework = services.LastOrDefault(d => d.ServiceType == typeof(IProblemDetailsWriter) && d.ImplementationType is not null)
            ?? throw new InvalidOperationException("AddProblemDetails registered no problem details writer.");
        services.Remove(framework);
        services.AddSingleton<IProblemDetailsWriter>(provider => new AnyAcceptProblemDetailsWriter(
            (IProblemDetailsWriter)ActivatorUtilities.CreateInstance(provider, framework.ImplementationType!)));
    }
}
