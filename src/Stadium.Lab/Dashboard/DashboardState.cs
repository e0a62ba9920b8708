using Stadium.Lab.Measurement;

namespace Stadium.Lab.Dashboard;

/// <summary>
/// The live view's copy of the run: every closed second (a few hundred bytes each, so an hour is about a megabyte) and
/// the phase starts. The load runner's ticker adds a second; page requests read concurrently. Readers wait for the
/// next second on <see cref="Changed"/>, a task completed (asynchronously, never on the ticker) at each change.
/// </summary>
internal sealed class DashboardState(string mode, string target)
{
    private readonly List<DashboardSecond> _seconds = [];
    private readonly Lock _lock = new();
    private IReadOnlyList<PhaseMark> _phases = [];
    private double _elapsed;
    private bool _finished;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a second is added or the run finishes.</summary>
    public Task Changed
    {
        get
        {
            lock (_lock)
            {
                return _changed.Task;
            }
        }
    }

    public bool Finished
    {
        get
        {
            lock (_lock)
            {
                return _finished;
            }
        }
    }

    /// <summary>The load runner's per-second callback.</summary>
    public void Add(SecondBucket bucket, LoadMeasurements measurements)
    {
        var phases = measurements.PhaseMarks;
        lock (_lock)
        {
            _elapsed += bucket.DurationSeconds;
            _seconds.Add(DashboardSecond.From(bucket, _elapsed));
            _phases = phases;
            Signal();
        }
    }

    public void Finish()
    {
        lock (_lock)
        {
            _finished = true;
            Signal();
        }
    }

    /// <summary>The seconds after the first <paramref name="since"/> (0: all of them).</summary>
    public DashboardSnapshot Since(int since)
    {
        lock (_lock)
        {
            var from = Math.Clamp(since, 0, _seconds.Count);
            return new DashboardSnapshot(mode, target, _finished, _phases, _seconds[from..]);
        }
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.SetResult();
    }
}
