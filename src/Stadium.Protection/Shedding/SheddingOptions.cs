namespace Stadium.Protection.Shedding;

/// <summary>"Stadium:Protection:Shedding": the adaptive concurrency limit, its priority queue and the hashing pool.</summary>
public sealed class SheddingOptions
{
    public const string Section = "Stadium:Protection:Shedding";

    /// <summary>Off: every request is admitted at once (the benchmarks' switch). Health and metrics are never shed either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Sheds every request but health and metrics, as a node at capacity would: for drills (what do clients and the
    /// load balancer do when a node refuses everything?) and for measuring what a refusal costs (bench/overload.sh).
    /// </summary>
    public bool ShedAll { get; set; }

    /// <summary>The concurrency limit a node starts with, before it has measured anything.</summary>
    public int InitialLimit { get; set; } = 20;

    /// <summary>The limit never falls below this, so a slow spell never starves the node of all concurrency.</summary>
    public int MinLimit { get; set; } = 4;

    /// <summary>The limit never rises above this, however fast requests are.</summary>
    public int MaxLimit { get; set; } = 1000;

    /// <summary>
    /// How much slower than the long-run latency the recent latency may be before the limit falls (Gradient2's
    /// tolerance): 1.5 lets latency rise by half before the node decides it is queueing.
    /// </summary>
    public double Tolerance { get; set; } = 1.5;

    /// <summary>
    /// The highest long-run latency the limit accepts as normal (zero: none). Gradient2 learns "normal" from what it
    /// sees, so a limiter that starts under a standing queue (a gateway whose nodes are already saturated) learns the
    /// queue as normal and never sheds. With a ceiling, a window slower than it lowers the limit whatever was learnt
    /// (the tolerance still applies below it), so a saturated limiter keeps its mean latency near the ceiling. Latency
    /// here is each request's own measured against its route's objective, in units of the tightest one: a write
    /// promised 200 ms that took 40 ms counts as 10 ms when the feed promises 50 ms. The gateway sets it from the SLO
    /// file unless configured: 0.3 of the tightest objective (15 ms for the feed's p99 of 50 ms), because it is compared
    /// with a mean, and a saturated node's p99 sits at 2.5-3 x its mean.
    /// </summary>
    public TimeSpan LatencyCeiling { get; set; }

    /// <summary>
    /// A quiet window (under half the limit in flight) answered within the tolerance lets a limit below
    /// <see cref="InitialLimit"/> grow back to it. Off: Gradient2 as published, where quiet windows change nothing, so at
    /// light load only the stalls decide and the limit ratchets down to a handful (kept for comparison: bench/soak.sh).
    /// </summary>
    public bool QuietRecovery { get; set; } = true;

    /// <summary>The shortest measurement window; a window also needs at least ten samples.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The thread-pool lag (how long newly arrived work waits before it runs) above which the CPU is saturated and the
    /// lowest priorities are shed; see <see cref="PriorityThreshold"/>.
    /// </summary>
    public TimeSpan LagTarget { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// The CPU side sheds only while a refusal costs at most this share of a served answer's CPU, as measured by the
    /// node (0.5: refusing must free at least half of what serving would take). Where answers are as cheap as Kestrel's
    /// own work per request, a 503 costs what a 200 does, and shedding would lose answers without freeing any CPU.
    /// </summary>
    public double MaxRefusalCost { get; set; } = 0.5;

    /// <summary>Requests that may wait for a slot once the limit is reached; beyond it the lowest priority is shed.</summary>
    public int QueueSize { get; set; } = 32;

    /// <summary>The longest a request waits in the queue (less when its own deadline is nearer).</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Shed answers carry a Retry-After drawn evenly between these, so shed clients do not return together.</summary>
    public TimeSpan RetryAfterMin { get; set; } = TimeSpan.FromSeconds(1);

    /// <inheritdoc cref="RetryAfterMin"/>
    public TimeSpan RetryAfterMax { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Users are hashed into this many cohorts; within a tier a better-placed cohort is served first.</summary>
    public int Cohorts { get; set; } = 64;

    /// <summary>How often the cohort order moves on by one place, so no user is always last.</summary>
    public TimeSpan CohortRotation { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Threads that hash passwords, below normal priority. Half the cores (at least one), as the login limit.</summary>
    public int HashingThreads { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>
    /// The share of the node's CPU limit kept free of password hashing: hashing takes what the rest of the node leaves,
    /// less this (0.4), so a login storm cannot spend the CPU quota that reads need. Queueing delay grows as
    /// 1 / (1 - busy share): a node half busy with reads keeps their p99 within about 1.25 x when hashing may fill it to
    /// 60 %, where 80 % (a headroom of 0.2) measured 2.2-2.6 x.
    /// </summary>
    public double HashingHeadroom { get; set; } = 0.4;

    /// <summary>The share of the CPU limit hashing may always take (0.1), so logins never stop while reads are busy.</summary>
    public double HashingMinShare { get; set; } = 0.1;
}
