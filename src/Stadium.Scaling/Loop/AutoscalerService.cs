using Microsoft.Extensions.Hosting;

namespace Stadium.Scaling.Loop;

/// <summary>Runs the autoscaler's rounds every interval (the HPA controller's sync period) while the host runs.</summary>
internal sealed class AutoscalerService(Autoscaler autoscaler, Config.AutoscaleConfig config, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await autoscaler.PrimeAsync(stoppingToken);
        using var timer = new PeriodicTimer(config.Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await autoscaler.RoundAsync(stoppingToken);
        }
    }
}
