using System.Globalization;

namespace Stadium.Planning.Simulate;

/// <summary>
/// A trace from a CSV file, in one of two shapes named by its header line:
/// <list type="bullet">
/// <item><c>second,arrivals_per_second</c>: total arrivals per second, split over the endpoints by their share of the
/// steady traffic; read linearly between the rows; the run ends at the last row's second;</item>
/// <item><c>minute,multiplier</c>: the busy quarter hour's steady rates times the multiplier, linearly between rows;
/// the run ends a minute after the last row.</item>
/// </list>
/// Rows are in increasing time from 0; blank lines and lines starting with # are skipped. A mistake is one
/// <see cref="FormatException"/> naming the file and line.
/// </summary>
internal sealed class FileTrace : ITrafficTrace
{
    private readonly (double Second, double Value)[] _points;
    private readonly bool _absolute;
    private readonly double[] _steady;
    private readonly double[] _shares;

    private FileTrace(string name, (double, double)[] points, bool absolute, IReadOnlyList<EndpointModel> endpoints, IReadOnlyList<double> steady, int seconds)
    {
        Name = name;
        _points = points;
        _absolute = absolute;
        _steady = [.. steady];
        _shares = [.. endpoints.Select(e => e.SteadyShare)];
        Seconds = seconds;
    }

    public string Name { get; }

    public int Seconds { get; }

    /// <summary>True when the file gives total arrivals (not multiples of an MAU's traffic).</summary>
    public bool Absolute => _absolute;

    /// <exception cref="FormatException">A missing file, an unknown header, a bad or out-of-order row.</exception>
    public static FileTrace Load(string path, IReadOnlyList<EndpointModel> endpoints, IReadOnlyList<double> steady)
    {
        if (!File.Exists(path))
        {
            throw new FormatException($"{path}: no such trace file (a CSV with 'second,arrivals_per_second' or 'minute,multiplier')");
        }

        return Parse(File.ReadAllLines(path), path, endpoints, steady);
    }

    public static FileTrace Parse(IReadOnlyList<string> lines, string name, IReadOnlyList<EndpointModel> endpoints, IReadOnlyList<double> steady)
    {
        bool? absolute = null;
        var points = new List<(double, double)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (absolute is null)
            {
                absolute = string.Join(',', fields).ToLowerInvariant() switch
                {
                    "second,arrivals_per_second" => true,
                    "minute,multiplier" => false,
                    _ => throw new FormatException($"{name}:{i + 1}: the header must be 'second,arrivals_per_second' or 'minute,multiplier' (got '{line}')"),
                };
                continue;
            }

            if (fields.Length != 2 || !TryNumber(fields[0], out var time) || !TryNumber(fields[1], out var value) || time < 0 || value < 0)
            {
                throw new FormatException($"{name}:{i + 1}: a row is two numbers of at least 0, time then {(absolute.Value ? "arrivals per second" : "multiplier")} (got '{line}')");
            }

            var second = absolute.Value ? time : time * 60;
            if (points.Count > 0 && second <= points[^1].Item1)
            {
                throw new FormatException($"{name}:{i + 1}: times must increase (got {fields[0]} after a later or equal one)");
            }

            points.Add((second, value));
        }

        if (absolute is null || points.Count == 0)
        {
            throw new FormatException($"{name}: no rows; a trace is a header ('second,arrivals_per_second' or 'minute,multiplier') and at least one row");
        }

        var seconds = (int)Math.Ceiling(points[^1].Item1) + (absolute.Value ? 1 : 60);
        return new FileTrace(name, [.. points], absolute.Value, endpoints, steady, seconds);
    }

    public void Rates(int second, Span<double> rates)
    {
        var value = At(second);
        for (var i = 0; i < rates.Length; i++)
        {
            rates[i] = _absolute ? value * _shares[i] : value * _steady[i];
        }
    }

    private double At(double second)
    {
        if (second <= _points[0].Second)
        {
            return _points[0].Value;
        }

        for (var i = 1; i < _points.Length; i++)
        {
            if (second <= _points[i].Second)
            {
                var (t0, v0) = _points[i - 1];
                var (t1, v1) = _points[i];
                return v0 + ((v1 - v0) * (second - t0) / (t1 - t0));
            }
        }

        return _points[^1].Value;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
