using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stadium.Protection.Settings;

namespace Stadium.Service.Platform;

/// <summary>Registers and applies <see cref="ForwardedHeadersSettings"/>.</summary>
public static class ForwardedHeadersRegistration
{
    public static IServiceCollection AddForwardedHeadersSettings(this IServiceCollection services)
    {
        services.AddSettings<ForwardedHeadersSettings>(ForwardedHeadersSettings.Section, (settings, check) => check
            .AtLeast(nameof(settings.ForwardLimit), settings.ForwardLimit, 1)
            .That(settings.KnownProxies.All(ForwardedHeadersSettings.IsAddressOrNetwork), nameof(settings.KnownProxies),
                $"must list IP addresses or CIDR networks (got {string.Join(", ", settings.KnownProxies.Where(p => !ForwardedHeadersSettings.IsAddressOrNetwork(p)))})"));
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((options, settings) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = settings.Value.ForwardLimit;
            // ASP.NET trusts loopback by default; only what the settings list is trusted here.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in settings.Value.KnownProxies)
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    options.KnownProxies.Add(address);
                }
                else
                {
                    options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
                }
            }
        });
        return services;
    }

    /// <summary>The client's address and scheme from the known proxies' headers; nothing when none is listed.</summary>
    public static WebApplication UseKnownProxies(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value.KnownProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
