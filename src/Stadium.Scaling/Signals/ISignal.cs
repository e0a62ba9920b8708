using Stadium.Scaling.Config;
using Stadium.Scaling.Hpa;

namespace Stadium.Scaling.Signals;

/// <summary>
/// A scaling signal, read from scraped /metrics: chosen by <see cref="Name"/> in the config file's `metrics:` (see
/// <see cref="SignalCatalog"/>). Each has one target type, the unit its target is written in, and its default target.
/// </summary>
internal interface ISignal
{
    string Name { get; }

    MetricTargetType TargetType { get; }

    /// <summary>How the target is written, for messages and docs: "% of the node's CPU limit".</summary>
    string Unit { get; }

    /// <summary>The option keys a metric entry may give besides name, target and activationValue.</summary>
    IReadOnlyList<string> Options { get; }

    /// <summary>This round's reading, or null when there is nothing to read yet (no scrape, no window).</summary>
    MetricReading? Read(SignalContext context, MetricSpec spec);
}
