namespace Stadium.Scaling.Drivers;

/// <summary>The drivers a config file may name; the one place they are listed.</summary>
internal static class ScaleDrivers
{
    public static readonly IReadOnlyList<IScaleDriver> All = [new LocalClusterDriver(), new KubernetesDriver()];

    public static IScaleDriver? Find(string name) => All.FirstOrDefault(d => d.Name == name);
}
