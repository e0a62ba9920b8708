using Stadium.Scaling.Config;

namespace Stadium.Scaling.Drivers;

/// <summary>
/// A way of scaling something, chosen by <see cref="Name"/> in a target's `driver:`; its settings are the mapping under
/// the same name (`local: { role: api }`). Listed once in <see cref="ScaleDrivers"/>.
/// </summary>
internal interface IScaleDriver
{
    string Name { get; }

    /// <summary>The settings this driver reads; any other key under its name is an error naming the nearest.</summary>
    IReadOnlyList<string> Keys { get; }

    IReadOnlyList<string> Required { get; }

    ScaledTarget Create(TargetSpec target, AutoscaleConfig config, HttpClient http);
}
