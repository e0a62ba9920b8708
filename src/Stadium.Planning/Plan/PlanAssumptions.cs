namespace Stadium.Planning.Plan;

/// <summary>
/// The assumptions in force: the defaults of <see cref="AssumptionDefaults"/>, with those set in an assumptions file or
/// by flag. <see cref="Get"/> answers each as a <see cref="Sourced"/> number, so every formula can say where its
/// inputs came from.
/// </summary>
public sealed class PlanAssumptions
{
    private readonly Dictionary<string, (double Value, string Where)> _given = new(StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Keys => (IReadOnlyCollection<string>)AssumptionDefaults.All.Keys;

    /// <summary>Sets <paramref name="key"/> (one of <see cref="Keys"/>); <paramref name="where"/> names the flag or file.</summary>
    /// <exception cref="ArgumentException">An unknown key or a value out of its range.</exception>
    public PlanAssumptions Set(string key, double value, string where)
    {
        if (!AssumptionDefaults.All.ContainsKey(key))
        {
            throw new ArgumentException($"{where}: unknown assumption '{key}' (known: {string.Join(", ", Keys)})");
        }

        if (!double.IsFinite(value) || value < 0 || (value == 0 && key is not ("spareNodes" or "readStoreShare" or "scaleUpWindowSeconds" or "loginsPerActiveUser" or "burstShare")))
        {
            throw new ArgumentException($"{where}: {key} must be a positive number (got {value})");
        }

        if (key.EndsWith("Share", StringComparison.Ordinal) && value > 1)
        {
            throw new ArgumentException($"{where}: {key} is a share from 0 to 1 (got {value})");
        }

        _given[key] = (value, where);
        return this;
    }

    public Sourced Get(string key)
    {
        if (_given.TryGetValue(key, out var given))
        {
            return Sourced.Given(given.Value, $"{key} = {Sourced.Format(given.Value, 4)} ({given.Where})");
        }

        var (value, why) = AssumptionDefaults.All[key];
        return Sourced.Default(value, why);
    }

    public double this[string key] => Get(key).Value;
}
