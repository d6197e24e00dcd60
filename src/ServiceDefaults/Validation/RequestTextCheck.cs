using Microsoft.AspNetCore.Http;

namespace PijarSemar.ServiceDefaults.Validation;

/// <summary>
/// Refuses a query string or route value holding a <see cref="ControlCharacters">control character</see>
/// with a 400 naming the parameter, before any endpoint binds it (JSON bodies are checked by
/// <see cref="TextWithoutControlsConverter"/>).
/// </summary>
internal sealed class RequestTextCheck(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (name, values) in context.Request.Query)
        {
            if (ControlCharacters.Contain(name) || values.Any(ControlCharacters.Contain))
            {
                errors[Printable(name)] = [ControlCharacters.Message];
            }
        }

        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is string text && ControlCharacters.Contain(text))
            {
                errors[name] = [ControlCharacters.Message];
            }
        }

        return errors.Count == 0
            ? next(context)
            : TypedResults.ValidationProblem(errors, title: "One or more fields are invalid.").ExecuteAsync(context);
    }

    /// <summary>A parameter name that is itself the problem is named without the character that broke it.</summary>
    private static string Printable(string name) =>
        ControlCharacters.Contain(name) ? string.Concat(name.Select(c => ControlCharacters.IsForbidden(c) ? '?' : c)) : name;
}
