using Stadium.Infra;
using Stadium.Infra.Fleet;

namespace Stadium.Chaos.Faults;

/// <summary>
/// Runs faults on the cluster or data tier in one data folder: starts a fault, reverts it after its duration or when
/// cancelled (Ctrl+C, SIGTERM), and keeps <c>chaos-faults.json</c> listing what is active, so that
/// <see cref="UndoLeftoversAsync"/> in the next run undoes what a run that died left (a frozen process is thawed, a
/// paused replay resumed, a hog killed, a toxic removed). Several faults may run at once.
/// </summary>
public sealed class FaultRunner
{
    private readonly string _dataDir;
    private readonly TextWriter _report;
    private readonly TimeProvider _time;
    private readonly string _cgroupRoot;
    private readonly FaultLedger _ledger;

    public FaultRunner(string dataDir, TextWriter report, TimeProvider? time = null)
        : this(dataDir, report, time ?? TimeProvider.System, CgroupLimiter.DefaultRoot)
    {
    }

    internal FaultRunner(string dataDir, TextWriter report, TimeProvider time, string cgroupRoot)
    {
        _dataDir = Path.GetFullPath(dataDir);
        _report = report;
        _time = time;
        _cgroupRoot = cgroupRoot;
        _ledger = new FaultLedger(Path.Combine(_dataDir, FaultLedger.FileName));
    }

    /// <summary>The fault kinds' names, for help and errors.</summary>
    public static IReadOnlyList<string> Kinds => FaultKinds.Names;

    /// <summary>What <paramref name="spec"/> would do, checked against the folder (kind, target, attributes) without doing it.</summary>
    public async Task<IFault> CreateAsync(FaultSpec spec, CancellationToken ct)
    {
        var kind = FaultKinds.Get(spec.Kind);
        if (spec.Duration <= TimeSpan.Zero)
        {
            throw new FaultException($"{kind.Name} on {spec.Target}: a fault lasts more than 0 s (its duration undoes it)");
        }

        return kind.Create(spec, await ChaosTarget.LoadAsync(_dataDir, ct, _cgroupRoot));
    }

    /// <summary>
    /// Starts the fault, waits its duration and reverts it; on cancellation reverts at once and rethrows. The revert
    /// runs whatever happened to the start (a half-done start is undone too).
    /// </summary>
    public async Task RunAsync(FaultSpec spec, CancellationToken ct)
    {
        var fault = await CreateAsync(spec, ct);
        var since = _time.GetUtcNow();
        var record = Record(spec, fault, since);
        await _ledger.PutAsync(record, ct);
        var started = false;
        try
        {
            await fault.StartAsync(ct);
            started = true;
            await _ledger.PutAsync(record with { State = new Dictionary<string, string>(spec.State) }, CancellationToken.None);
            _report.WriteLine($"{since:HH:mm:ss} start   {fault.Describe}");
            await Task.Delay(spec.Duration, _time, ct);
        }
        finally
        {
            await RevertAsync(fault, started);
            await _ledger.RemoveAsync(spec.Id, CancellationToken.None);
        }
    }

    /// <summary>
    /// Reverts every fault in chaos-faults.json whose run is gone (its pid no longer runs the stadium CLI or its tests)
    /// and returns how many; faults of a run that still goes on are left to it.
    /// </summary>
    public async Task<int> UndoLeftoversAsync(CancellationToken ct)
    {
        var undone = 0;
        foreach (var record in await _ledger.ReadAsync(ct))
        {
            if (OwnerRuns(record.OwnerPid))
            {
                continue;
            }

            var spec = record.ToSpec();
            var fault = FaultKinds.Get(spec.Kind).Create(spec, await ChaosTarget.LoadAsync(_dataDir, ct, _cgroupRoot));
            await fault.RevertAsync(ct);
            await _ledger.RemoveAsync(record.Id, ct);
            _report.WriteLine($"undone a fault left by a run that died (pid {record.OwnerPid}): {record.Describe}");
            undone++;
        }

        return undone;
    }

    /// <summary>
    /// Undoes what a start did, all of it or part of it. After a start that failed the revert is a precaution: its own
    /// failure (nothing there to undo) must not hide the start's, and no "undone" is reported for a fault never started.
    /// </summary>
    private async Task RevertAsync(IFault fault, bool started)
    {
        try
        {
            await fault.RevertAsync(CancellationToken.None);
        }
        catch (Exception) when (!started)
        {
            return;
        }

        if (started)
        {
            _report.WriteLine($"{_time.GetUtcNow():HH:mm:ss} undone  {fault.Describe}");
        }
    }

    private static bool OwnerRuns(int pid) =>
        UnixProcess.IsAlive(pid) && UnixProcess.CommandLine(pid).Contains("stadium", StringComparison.OrdinalIgnoreCase);

    private FaultRecord Record(FaultSpec spec, IFault fault, DateTimeOffset since) => new(
        spec.Id,
        spec.Kind,
        spec.Target,
        fault.Describe,
        since,
        since + spec.Duration,
        Environment.ProcessId,
        $"the next `stadium chaos fault ... --data {_dataDir}` reverts it if this run (pid {Environment.ProcessId}) dies first",
        spec.Attributes,
        spec.State);
}
