using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Stadium.Infra.Fleet;

/// <summary>
/// Work that lives inside the supervisor's control API host (the autoscaler of <c>up --cluster --autoscale FILE</c>):
/// it registers services and endpoints on that host, and runs from the moment the cluster is up until it stops. The
/// fleet knows only this shape, so the supervisor does not depend on what scales it.
/// </summary>
public interface IClusterCompanion
{
    /// <summary>What the report says about it once the cluster is up, given the control API's URL.</summary>
    string Describe(string controlUrl);

    void Register(IServiceCollection services);

    void Map(WebApplication app);

    /// <summary>Runs until <paramref name="ct"/> is cancelled (the cluster stopping); started once every node is up.</summary>
    Task RunAsync(IServiceProvider services, CancellationToken ct);
}
