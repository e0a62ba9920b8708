using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Stadium.Protection.Dependencies;

/// <summary>The pipeline of every dependency, by name (<see cref="DependencyNames"/>), built once per process from "Stadium:Protection:Dependencies".</summary>
public sealed class DependencyPipelines
{
    private readonly Dictionary<string, DependencyPipeline> _pipelines;

    internal DependencyPipelines(IOptions<DependenciesOptions> options, TimeProvider time, ILoggerFactory logs, IMeterFactory meters)
    {
        Options = options.Value;
        var metrics = new DependencyMetrics(meters.Create(ProtectionMetrics.MeterName), () => _pipelines!.Values);
        var logger = logs.CreateLogger("Stadium.Protection.Dependencies");
        _pipelines = DependencyNames.All.ToDictionary(
            name => name, name => DependencyPipelineBuilder.Build(name, Options.For(name), Options, metrics, logger, time));
    }

    public DependenciesOptions Options { get; }

    public DependencyPipeline Primary => _pipelines[DependencyNames.Primary];

    public DependencyPipeline Replicas => _pipelines[DependencyNames.Replicas];

    public DependencyPipeline Redis => _pipelines[DependencyNames.Redis];

    public DependencyPipeline Smtp => _pipelines[DependencyNames.Smtp];

    public DependencyPipeline Get(string name) => _pipelines.TryGetValue(name, out var pipeline)
        ? pipeline
        : throw new ArgumentException($"No dependency '{name}'; known: {string.Join(", ", DependencyNames.All)}", nameof(name));

    /// <summary>The dependencies whose breaker is open now, in <see cref="DependencyNames.All"/> order.</summary>
    public IEnumerable<string> Open() => DependencyNames.All.Where(name => _pipelines[name].IsOpen);

    /// <summary>
    /// One dependency's pipeline outside a host (a component built by hand, such as <c>EmailDelivery</c> in a tool):
    /// the same strategies and budget, reporting on a meter of its own and logging nowhere.
    /// </summary>
    public static DependencyPipeline Standalone(string name, DependencyOptions options, TimeProvider time, DependenciesOptions? shared = null)
    {
        DependencyPipeline? pipeline = null;
        var metrics = new DependencyMetrics(new Meter(ProtectionMetrics.MeterName), () => [pipeline!]);
        pipeline = DependencyPipelineBuilder.Build(name, options, shared ?? new DependenciesOptions(), metrics, NullLogger.Instance, time);
        return pipeline;
    }
}
