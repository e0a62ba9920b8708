namespace Stadium.Planning.Simulate;

/// <summary>
/// Keeps the run's SLO account in slots (a minute; 10 s for a run shorter than two hours): a slot violates the SLO when
/// any endpoint's latency at its objective's percentile, over the slot's answers, is above the objective, or when more
/// than 1 % of its arrivals were shed. The slot's percentile is that of the mixture of its ticks' latency
/// distributions (found by bisection), not an average of per-tick percentiles. Seconds are checked the same way alone.
/// </summary>
internal sealed class SloLedger(IReadOnlyList<EndpointModel> endpoints, int slotSeconds)
{
    /// <summary>The SLO's availability side as the issue counts it: shed and errors above 1 % of arrivals.</summary>
    public const double MaxShedShare = 0.01;

    private readonly List<TickResult> _slot = [];
    private readonly List<int> _nodes = [];
    private readonly List<SlotPoint> _points = [];

    public int SlotSeconds => slotSeconds;

    public IReadOnlyList<SlotPoint> Points => _points;

    public int ViolatingSeconds { get; private set; }

    public int ViolatingSlots { get; private set; }

    public double Arrivals { get; private set; }

    public double Shed { get; private set; }

    public void Add(int second, TickResult tick, int nodes)
    {
        _slot.Add(tick);
        _nodes.Add(nodes);
        Arrivals += tick.Arrivals;
        Shed += tick.Shed;
        if (Violates(tick))
        {
            ViolatingSeconds++;
        }

        if (_slot.Count == slotSeconds)
        {
            Close(second + 1 - slotSeconds);
        }
    }

    /// <summary>Closes a last, partial slot.</summary>
    public void Finish(int seconds)
    {
        if (_slot.Count > 0)
        {
            Close(seconds - _slot.Count);
        }
    }

    private bool Violates(TickResult tick)
    {
        if (tick.Arrivals > 0 && tick.Shed / tick.Arrivals > MaxShedShare)
        {
            return true;
        }

        for (var i = 0; i < endpoints.Count; i++)
        {
            var objective = endpoints[i].Objective;
            var e = tick.Endpoints[i];
            if (objective is not null && e.Answered > 0 && e.Quantile(endpoints[i].Shape, objective.Percentile / 100) > objective.Latency.TotalSeconds)
            {
                return true;
            }
        }

        return false;
    }

    private void Close(int start)
    {
        var arrivals = _slot.Sum(t => t.Arrivals);
        var shed = _slot.Sum(t => t.Shed);
        var shedShare = arrivals > 0 ? shed / arrivals : 0;
        var latencies = new Dictionary<string, double>(StringComparer.Ordinal);
        var worst = 0.0;
        string? worstName = null;
        for (var i = 0; i < endpoints.Count; i++)
        {
            if (endpoints[i].Objective is not { } objective || Percentile(i, objective.Percentile / 100) is not { } seconds)
            {
                continue;
            }

            latencies[endpoints[i].Name] = Math.Round(seconds * 1000, 3);
            var share = 100 * seconds / objective.Latency.TotalSeconds;
            if (share > worst)
            {
                worst = share;
                worstName = endpoints[i].Name;
            }
        }

        var violated = worst > 100 || shedShare > MaxShedShare;
        if (violated)
        {
            ViolatingSlots++;
        }

        _points.Add(new SlotPoint(start, arrivals / _slot.Count, _nodes.Average(), _slot.Average(t => t.ReadyNodes), _slot.Average(t => t.Utilization) * 100,
            shedShare * 100, worst, worstName, violated, latencies));
        _slot.Clear();
        _nodes.Clear();
    }

    /// <summary>The p-quantile of endpoint <paramref name="index"/>'s answers over the slot, or null when it had none.</summary>
    private double? Percentile(int index, double p)
    {
        var shape = endpoints[index].Shape;
        var ticks = new EndpointTick[_slot.Count];
        var count = 0;
        var total = 0.0;
        var low = double.MaxValue;
        var high = 0.0;
        foreach (var slot in _slot)
        {
            var tick = slot.Endpoints[index];
            if (tick.Answered > 0)
            {
                ticks[count++] = tick;
                total += tick.Answered;
                low = Math.Min(low, tick.Offset);
                high = Math.Max(high, tick.Quantile(shape, p));
            }
        }

        if (total <= 0)
        {
            return null;
        }

        // The mixture's p-quantile lies between the lowest offset and the highest tick's own p-quantile.
        for (var i = 0; i < 30; i++)
        {
            var mid = (low + high) / 2;
            var below = 0.0;
            for (var t = 0; t < count; t++)
            {
                below += ticks[t].Answered * ticks[t].Cdf(shape, mid);
            }

            if (below < p * total)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return high;
    }
}
