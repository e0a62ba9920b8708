using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Stadium.Protection.Settings;

public static class SettingsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to its configuration section and checks it when the host starts:
    /// a value out of range fails the start with a message naming the key.
    /// </summary>
    public static OptionsBuilder<TOptions> AddSettings<TOptions>(this IServiceCollection services, string section, Action<TOptions, SettingChecks> check)
        where TOptions : class
    {
        // One validator per options class, however many modules (an API node and a worker share some) ask for it.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new SettingsValidator<TOptions>(section, check)));
        return services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
    }
}
