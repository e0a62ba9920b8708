namespace Stadium.Scaling;

/// <summary>
/// Something whose replica count the autoscaler reads and sets: the local cluster's API nodes or workers, a Kubernetes
/// Deployment. Implementations are chosen by name (the config file's `driver:`), see <c>Drivers/ScaleDrivers</c>.
/// </summary>
public interface IScaleTarget
{
    /// <summary>How decisions and metrics name the target: api, workers, or the Deployment's name.</summary>
    string Name { get; }

    /// <summary>The replica count asked for and the members that exist, each with its readiness.</summary>
    Task<ScaleState> ReadAsync(CancellationToken ct);

    /// <summary>Asks for <paramref name="replicas"/> replicas; returns once the request is accepted, not once they run.</summary>
    Task ScaleAsync(int replicas, CancellationToken ct);
}
