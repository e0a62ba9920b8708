using System.CommandLine;
using Stadium.Planning.Plan;

namespace Stadium.Commands;

/// <summary>
/// The options `plan` and `simulate` read a plan's inputs from (--from, --slo, --scenario, --assume), and how they are
/// read: a missing or wrong file is the verb's one error line (exit 2).
/// </summary>
internal sealed class PlanInputOptions(string sloUse)
{
    public Option<string[]> From { get; } = new("--from")
    {
        Description = "A results.json of `stadium load run|url` to take capacity from (repeat for more; default: the committed bench/capacity/ files).",
        HelpName = "FILE",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Slo { get; } = CommonOptions.Slo(sloUse);

    public Option<string?> Scenario { get; } = new("--scenario") { Description = "A load scenario whose journey: mix splits the traffic (default: the lab's default mix).", HelpName = "FILE" };

    public Option<string?> Assume { get; } = new("--assume") { Description = "A YAML file of assumptions (key: number) overriding the defaults; the keys: docs/planning.md.", HelpName = "FILE" };

    public IEnumerable<Option> All => [From, Slo, Scenario, Assume];

    /// <summary>--mau N: monthly active users, 1 to 100 billion, checked while parsing.</summary>
    public static Option<long?> Mau(string description, bool required)
    {
        var mau = new Option<long?>("--mau") { Description = description, Required = required, HelpName = "N" };
        mau.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && long.TryParse(token.Value, out var n) && n is < 1 or > 100_000_000_000)
            {
                result.AddError($"--mau must be from 1 to 100,000,000,000 (got {token.Value})");
            }
        });
        return mau;
    }

    /// <summary>The plan's inputs for <paramref name="mau"/>, with <paramref name="ratios"/> given by flag set as assumptions.</summary>
    public async Task<PlanInputs> ReadAsync(ParseResult result, long mau, IReadOnlyList<(Option<double?> Option, string Key)> ratios, CancellationToken ct)
    {
        try
        {
            var defaults = PlanInputs.Defaults(mau);
            var assume = result.GetValue(Assume) is { } file ? AssumptionsFile.Apply(file, new PlanAssumptions()) : new PlanAssumptions();
            foreach (var (option, key) in ratios)
            {
                if (result.GetValue(option) is { } value)
                {
                    assume.Set(key, value, option.Name);
                }
            }

            var files = result.GetValue(From) is { Length: > 0 } paths ? [.. paths.Select(ResultsFiles.Load)] : defaults.Results;
            var slo = result.GetValue(Slo) is { } sloFile ? Protection.Slo.SloFileParser.Load(sloFile) : defaults.Slo;
            var journey = result.GetValue(Scenario) is { } scenarioFile
                ? (File.Exists(scenarioFile) ? await JourneyWeights.FromScenarioAsync(scenarioFile, ct) : throw new FileNotFoundException($"{scenarioFile}: no such scenario file"))
                : defaults.Journey;
            return defaults with { Results = files, Slo = slo, Journey = journey, Assume = assume };
        }
        catch (Exception e) when (e is FileNotFoundException or FormatException or ArgumentException or UnauthorizedAccessException)
        {
            throw new UsageException(e.Message);
        }
    }
}
