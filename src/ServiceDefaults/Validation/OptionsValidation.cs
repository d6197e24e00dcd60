using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PijarSemar.ServiceDefaults.Validation;

public static class OptionsValidation
{
    /// <summary>
    /// Checks the settings when the host starts, not when they are first used: a nonsensical value
    /// (a negative interval, a minimum above its maximum) stops the start with
    /// <c>section: reason</c> for every reason <paramref name="problems"/> gives.
    /// </summary>
    public static OptionsBuilder<TOptions> ValidateOnStart<TOptions>(
        this OptionsBuilder<TOptions> builder, string section, Func<TOptions, IEnumerable<string>> problems)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new ProblemsValidation<TOptions>(builder.Name, section, problems));
        return builder.ValidateOnStart();
    }

    private sealed class ProblemsValidation<TOptions>(string name, string section, Func<TOptions, IEnumerable<string>> problems)
        : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? optionsName, TOptions options)
        {
            if (optionsName != name)
            {
                return ValidateOptionsResult.Skip;
            }

            var reasons = problems(options).Select(reason => $"{section}: {reason}").ToList();
            return reasons.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(reasons);
        }
    }
}
