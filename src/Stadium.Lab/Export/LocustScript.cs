namespace Stadium.Lab.Export;

/// <summary>
/// A locustfile: one HttpUser class whose users follow the phases through a LoadTestShape, the journeys as the lab runs
/// them (a login on a user's first need, sessions with token renewal, Zipf-chosen accounts, paging, idempotent posts),
/// the write ledger in the lab's format, and the scenario's thresholds judged when Locust quits.
/// </summary>
internal sealed class LocustScript : IScriptFormat
{
    public string Name => "locust";

    public IReadOnlyList<string> Aliases => ["locustfile"];

    public string Write(ExportPlan plan)
    {
        var header = ScriptHeader.Lines(plan, "locustfile", $"locust -f {plan.ScriptName ?? "locustfile.py"} --headless --host {plan.Load.Target.ToString().TrimEnd('/')} (STADIUM_DURATION=SECONDS caps the run)", NotCarried(plan));
        return ScriptTemplate.Fill("locustfile.py", new Dictionary<string, string>
        {
            ["HEADER"] = ScriptTemplate.Comment(header, "# "),
            ["PLAN"] = PlanJson.Write(plan),
        });
    }

    private static IEnumerable<string> NotCarried(ExportPlan plan)
    {
        if (plan.Phases.Any(p => p.IsOpen))
        {
            yield return "The open model: Locust users wait for their answers, so an open phase is a pool of users (2 per arrival/s at its peak, at most maxInFlight) "
                + "each pacing its share of the rate; answers slower than a user's interval make arrivals late instead of on schedule as in the lab and k6.";
        }

        if (plan.Load.IsJourney)
        {
            yield return "Task weights: Locust fixes @task weights per user class, and the mix changes from phase to phase, so one task draws each "
                + "iteration's action from the phase's weights (the same weights).";
        }

        yield return "Phase changes and stages are followed once a second (Locust's shape ticks); the lab starts a phase once the last one's iterations have ended.";
        yield return "Latency thresholds use Locust's response times (from sending, rounded as Locust keeps them), not the lab's corrected latency.";
        yield return $"The connection pool (connections: {plan.Load.Connections}): each Locust user keeps its own connections.";
        if (plan.Ledger is not null)
        {
            yield return $"(Carried over: the write ledger is appended to {plan.Ledger} in the lab's format, or to STADIUM_LEDGER; `stadium load verify` reads it.)";
        }
    }
}
