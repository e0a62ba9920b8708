using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stadium.Data;
using Stadium.Data.Providers;
using Stadium.Protection.Settings;

namespace Stadium.Protection.Dependencies;

/// <summary>One named resilience pipeline per dependency ("Stadium:Protection:Dependencies"), and the database seam wrapped in them.</summary>
public static class DependencyRegistration
{
    public static IHostApplicationBuilder AddDependencyPipelines(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDependencyPipelines();
        return builder;
    }

    /// <summary>The pipelines, once per container (API nodes and workers both ask: both reach the database).</summary>
    public static IServiceCollection AddDependencyPipelines(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(DependencyPipelines)))
        {
            return services;
        }

        // On the system clock, not the host's TimeProvider: timeouts, breaks and budgets measure real servers, whatever
        // clock the application runs on (tests run API nodes on a fake one).
        services.AddSingleton(sp => new DependencyPipelines(
            sp.GetRequiredService<IOptions<DependenciesOptions>>(), TimeProvider.System, sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<IMeterFactory>()));
        services.AddSettings<DependenciesOptions>(DependenciesOptions.Section, (o, check) =>
        {
            check.Between(nameof(o.RetryBudgetRatio), o.RetryBudgetRatio, 0, 10)
                .Between(nameof(o.RetryBudgetMinPerSecond), o.RetryBudgetMinPerSecond, 0, 10_000)
                .Positive(nameof(o.RetryBudgetWindow), o.RetryBudgetWindow);
            if (o.StalenessBudget is { } staleness)
            {
                check.Positive(nameof(o.StalenessBudget), staleness);
            }

            foreach (var name in DependencyNames.All)
            {
                Check(check, char.ToUpperInvariant(name[0]) + name[1..], o.For(name));
            }
        });
        return services;
    }

    /// <summary>Wraps the provider's <see cref="IDatabase"/> (registered just before) in the <c>primary</c> and <c>replicas</c> pipelines.</summary>
    public static IServiceCollection AddResilientDatabase(this IServiceCollection services, IDataProvider provider)
    {
        services.AddDependencyPipelines();
        var registered = services.Last(d => d.ServiceType == typeof(IDatabase));
        services.Remove(registered);
        services.AddSingleton<IDatabase>(sp => new ResilientDatabase(
            Resolve(sp, registered), sp.GetRequiredService<DependencyPipelines>(), sp.GetRequiredService<IStoreErrors>(), provider.RoutesReads));
        return services;
    }

    private static IDatabase Resolve(IServiceProvider services, ServiceDescriptor registered) =>
        (IDatabase)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, registered.ImplementationType!));

    private static void Check(SettingChecks check, string key, DependencyOptions d) => check
        .NotNegative($"{key}:{nameof(d.AttemptTimeout)}", d.AttemptTimeout)
        .That(d.AttemptTimeout <= TimeSpan.FromDays(1), $"{key}:{nameof(d.AttemptTimeout)}", $"must be at most a day (got {d.AttemptTimeout})")
        .AtLeast($"{key}:{nameof(d.MaxRetries)}", d.MaxRetries, 0)
        .AtMost($"{key}:{nameof(d.MaxRetries)}", d.MaxRetries, 10)
        .NotNegative($"{key}:{nameof(d.RetryDelay)}", d.RetryDelay)
        .NotNegative($"{key}:{nameof(d.MaxRetryDelay)}", d.MaxRetryDelay)
        .Between($"{key}:{nameof(d.BreakerFailureRatio)}", d.BreakerFailureRatio, 0.01, 1)
        .AtLeast($"{key}:{nameof(d.BreakerMinimumThroughput)}", d.BreakerMinimumThroughput, 2)
        .That(d.BreakerSampling >= TimeSpan.FromMilliseconds(500), $"{key}:{nameof(d.BreakerSampling)}", $"must be at least 00:00:00.5 (got {d.BreakerSampling})")
        .That(d.BreakerDuration >= TimeSpan.FromMilliseconds(500), $"{key}:{nameof(d.BreakerDuration)}", $"must be at least 00:00:00.5 (got {d.BreakerDuration})");
}
