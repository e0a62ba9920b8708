using Stadium.Chaos.Faults;

namespace Stadium.Chaos.Experiments;

/// <summary>
/// Turns the method's steps into faults run by <see cref="FaultRunner"/>, the same runner as `stadium chaos fault`: every
/// kind of <see cref="FaultKinds"/>, each recorded in the data folder's chaos-faults.json while it is active so that a run
/// that dies leaves nothing behind that the next run does not undo.
/// </summary>
internal static class FaultCatalog
{
    /// <summary>The kinds a step may name: those of `stadium chaos fault`, so a file reads the same in both.</summary>
    public static IReadOnlyList<string> KindNames => FaultKinds.Names;

    /// <summary>Checks, before a cluster is started (it takes a minute), that the faults will have a data folder to act on.</summary>
    /// <exception cref="FormatException">The method has faults, the target is given and no data folder is.</exception>
    public static void CheckDataDir(Experiment experiment, bool clusterStarted, string? dataDir)
    {
        if (experiment.Method.Count > 0 && !clusterStarted && dataDir is null)
        {
            var step = experiment.Method[0];
            throw new FormatException(
                $"{experiment.Source}:{step.Line}: fault '{step.Fault}' needs the target's data folder (--data), where cluster.json and infra/stadium.json name what faults act on");
        }
    }

    /// <summary>
    /// One fault per step, each checked against the folder (its target exists, its attributes parse) before anything is
    /// sent; faults a dead earlier run left in the folder are undone first.
    /// </summary>
    /// <exception cref="FormatException">A step's target or attributes cannot be used; the message names the file and line.</exception>
    public static async Task<IReadOnlyList<MethodFault>> CreateAsync(Experiment experiment, string? dataDir, TextWriter report, TimeProvider time, CancellationToken ct)
    {
        if (experiment.Method.Count == 0)
        {
            return [];
        }

        CheckDataDir(experiment, clusterStarted: false, dataDir);
        var runner = new FaultRunner(dataDir!, report, time);
        var faults = new List<MethodFault>(experiment.Method.Count);
        foreach (var step in experiment.Method)
        {
            var spec = new FaultSpec(step.Fault, step.Target, step.Duration, step.Attributes);
            try
            {
                if (faults.Count == 0)
                {
                    await runner.UndoLeftoversAsync(ct).ConfigureAwait(false);
                }

                var fault = await runner.CreateAsync(spec, ct).ConfigureAwait(false);
                faults.Add(new MethodFault(fault.Describe, token => runner.RunAsync(spec, token)));
            }
            catch (FaultException e)
            {
                throw new FormatException($"{experiment.Source}:{step.Line}: {e.Message}", e);
            }
        }

        return faults;
    }
}
