using Microsoft.Extensions.Options;

namespace Stadium.Protection.Settings;

/// <summary>Runs an options class's <see cref="SettingChecks"/> when the options are first built (at start, with ValidateOnStart).</summary>
internal sealed class SettingsValidator<TOptions>(string section, Action<TOptions, SettingChecks> check) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var checks = new SettingChecks(section);
        check(options, checks);
        return checks.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(checks.Failures);
    }
}
