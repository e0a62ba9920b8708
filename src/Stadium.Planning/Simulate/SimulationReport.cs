namespace Stadium.Planning.Simulate;

/// <summary>
/// `stadium simulate` as one call (the CLI's facade): loads the regions file first (a mistake there costs no run),
/// runs every policy, writes the table (and the regions' costs) to the output, results.json and the plots when asked,
/// and returns the summary line the verb ends with.
/// </summary>
public static class SimulationReport
{
    /// <exception cref="FormatException">A bad trace, policy or regions file (one line naming the file).</exception>
    /// <exception cref="ArgumentException">A request the simulator cannot run.</exception>
    public static async Task<string> RunAsync(
        SimulationRequest request, IReadOnlyList<string> policies, string? regionsFile, string? outPath, string? plotFolder, TextWriter output, CancellationToken ct)
    {
        var regions = regionsFile is null ? null : RegionsFile.Load(regionsFile);
        var results = await Simulator.RunAsync(request, policies, ct);
        if (regions is not null)
        {
            results = results with { Regions = RegionCosts.Compute(regions, results.Setup.WritesPerActiveUserPerSecond) };
        }

        SimulationTable.Write(results, output);
        if (results.Regions is { } costs)
        {
            RegionCosts.Write(costs, results.Setup.WritesPerActiveUserPerSecond, output);
        }

        if (outPath is not null)
        {
            await SimulationJson.WriteAsync(results, outPath, ct);
            output.WriteLine($"Results written to {outPath}");
        }

        if (plotFolder is not null)
        {
            var files = SimulationPlots.Write(results, plotFolder);
            output.WriteLine($"{files.Count} plots written to {plotFolder}");
        }

        return SimulationTable.Summary(results);
    }
}
