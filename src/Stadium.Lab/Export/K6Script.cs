namespace Stadium.Lab.Export;

/// <summary>
/// A k6 script: each phase a k6 scenario with the executor of the same name (the open model's arrival-rate executors
/// included), the journeys as the lab runs them (sessions with token renewal, Zipf-chosen accounts, paging, idempotent
/// posts), checks on every answer and the scenario's thresholds as k6 thresholds.
/// </summary>
internal sealed class K6Script : IScriptFormat
{
    public string Name => "k6";

    public IReadOnlyList<string> Aliases => [];

    public string Write(ExportPlan plan)
    {
        var header = ScriptHeader.Lines(plan, "k6 script", $"k6 run -e BASE_URL={plan.Load.Target.ToString().TrimEnd('/')} {plan.ScriptName ?? "script.js"}", NotCarried(plan));
        return ScriptTemplate.Fill("k6.js", new Dictionary<string, string>
        {
            ["HEADER"] = ScriptTemplate.Comment(header, "// "),
            ["PLAN"] = PlanJson.Write(plan),
            ["OPTIONS"] = K6Options.Write(plan),
        });
    }

    private static IEnumerable<string> NotCarried(ExportPlan plan)
    {
        var load = plan.Load;
        yield return "Phases start at fixed times (the durations before them added up); the lab starts a phase once the last one's iterations have ended, within its graceful stop.";
        yield return "Latency thresholds are on http_req_duration, timed from when k6 sends; the lab times from the intended start (corrected for coordinated omission).";
        if (load.IsJourney)
        {
            yield return "Sessions live in each VU (k6 VUs share no memory): an account that several VUs serve signs in once in each; the lab keeps one session per account.";
            if (plan.Phases.Any(p => !p.IsOpen))
            {
                yield return "Closed phases: a VU takes the account at its VU number in the phase's list (the lab's choice), so VU numbers beyond the list share accounts.";
            }

            yield return "Sheds (503 or 429 on login and the scenario's expect: shed endpoints) are expected answers whether or not they carry Retry-After; stadium_shed counts them.";
        }

        if (plan.Ledger is not null)
        {
            yield return $"The write ledger ({plan.Ledger}): k6 cannot write files, so `stadium load verify` has nothing to read; export to locust for a ledger.";
        }

        if (K6Options.HasFractionalRates(plan))
        {
            yield return "Rates that are not whole numbers per second are given per 10, 100 or 1,000 s (timeUnit): k6 rates are whole numbers.";
        }

        yield return $"The connection pool (connections: {load.Connections}): k6 keeps connections per VU.";
    }
}
