using Microsoft.Extensions.Hosting;

namespace Stadium.Scaling.Loop;

/// <summary>Runs the autoscaler's rounds every interval (the HPA controller's sync period) while the host runs.</summary>
internal sealed class AutoscalerService(IServiceProvider services) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => AutoscalerRegistration.RunRoundsAsync(services, stoppingToken);
}
