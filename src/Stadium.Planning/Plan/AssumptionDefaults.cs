namespace Stadium.Planning.Plan;

/// <summary>
/// Every assumption the planner makes beyond the measured files, with its default and why. Each key can be set in an
/// assumptions file (<c>stadium plan --assume FILE</c>, a YAML mapping of key: number); the traffic ratios also by
/// flag. docs/planning.md lists them.
/// </summary>
internal static class AssumptionDefaults
{
    public static readonly IReadOnlyDictionary<string, (double Value, string Why)> All = new Dictionary<string, (double, string)>(StringComparer.Ordinal)
    {
        // Traffic: the rules of thumb of docs/capacity.md, as the load lab's MauRatios holds them.
        ["activeShare"] = (0.03, "3 % of MAU active in a 15-minute window (docs/capacity.md; --active-share)"),
        ["burstShare"] = (1.0 / 6, "1/6 of the window's actives open the app in the same 60 s (docs/capacity.md; --burst-share)"),
        ["requestsPerActiveUser"] = (120, "120 requests per active user per 15 minutes (docs/capacity.md; --requests-per-user)"),
        ["loginsPerActiveUser"] = (1, "1 login per active user per 15 minutes outside the burst (docs/capacity.md)"),
        ["feedReadsPerLogin"] = (1, "each app opening is a login and 1 feed read (docs/capacity.md)"),
        ["expectedLatencyMs"] = (20, "20 ms, the typical latency of docs/capacity.md's Little's law (--latency-ms)"),
        ["feedPagesPerVisit"] = (2, "a pageFeed visit reads 1 to 3 pages (the lab's MaxPagesPerVisit), 2 on average"),
        ["tokenLifetimeSeconds"] = (900, "an access token lives 15 minutes, so each active user refreshes once per 900 s"),

        // Capacity where no results file measures an endpoint.
        ["serverCores"] = (1, "the measured node's cores: bench/login-storm.sh runs it under a one-core quota (CPUS=1)"),
        ["readsPerCore"] = (3000, "a cached read, when no results file measures one"),
        ["writesPerCore"] = (922, "1,844 posts/s on a two-core node, posts only (bench/RESULTS.md, write path profile)"),
        ["loginsPerCore"] = (4, "PBKDF2-SHA256 at 600,000 iterations: ~250 ms of one core per login (docs/capacity.md)"),

        // Nodes.
        ["nodeCores"] = (1, "one core per API node: hashing scales with cores and one-core nodes scale in small steps"),
        ["targetCpuUtilization"] = (70, "scaling/autoscale.yaml's cpu target: 30 % headroom for a burst before shedding"),
        ["spareNodes"] = (1, "N+1: losing or draining one node loses no capacity"),
        ["minNodes"] = (2, "two nodes at least, so one can fail or drain while the other serves (scaling/autoscale.yaml)"),
        ["nodeBaselineMb"] = (150, "an idle node's RSS, 139-143 MB measured (docs/capacity.md, bench/memory-sizes.sh)"),
        ["cacheBudgetShare"] = (0.6, "the caches' budget is 60 % of the container's memory (Stadium:Memory:Budget's default)"),
        ["gatewayRequestsPerSecond"] = (10000, "requests/s one gateway replica forwards well: it added 0.8 ms p99 at 1,000 req/s (bench/RESULTS.md, fleet)"),

        // Database.
        ["primaryMaxConnections"] = (200, "max_connections of the PostgreSQL that stadium infra up starts (docs/infra.md)"),
        ["replicaMaxConnections"] = (200, "max_connections of each streaming replica (docs/infra.md)"),
        ["reservedConnections"] = (13, "superuser_reserved_connections (3) and 10 for replication, migrations and operators"),
        ["writeHoldMs"] = (33.3, "a post request's p99 end to end, counted whole as connection time (bench/RESULTS.md, write path profile)"),
        ["readStoreShare"] = (0.015, "1.5 % of reads reach the store: 98.5-99.9 % of feed reads need no store call (bench/RESULTS.md, data tier)"),
        ["readHoldMs"] = (2, "a replica read that misses the cache holds its connection ~2 ms (docs/capacity.md)"),
        ["poolSafety"] = (3, "pools hold 2-4 x the expected need: a spike is absorbed for a while, then refused fast (docs/capacity.md)"),
        ["minPoolPerNode"] = (4, "the smallest pool worth having: a few concurrent store calls per node"),
        ["workerPool"] = (5, "a worker's connections: its job concurrency (4) and one for claiming"),

        // Memory: what an entry costs, measured by bench/memory-sizes.sh (docs/capacity.md, "What a node holds").
        ["tokenBytes"] = (5120, "a validated access token, ~5 KB of heap (docs/capacity.md)"),
        ["postBytes"] = (1228, "a cached post with its record and entry, 1.0-1.4 KB of heap (docs/capacity.md)"),
        ["postJsonBytes"] = (240, "a cached post's JSON, 215-240 bytes (docs/capacity.md)"),
        ["profileJsonBytes"] = (129, "a cached profile's JSON, 126-129 bytes (docs/capacity.md)"),
        ["timelineBytes"] = (9216, "a home timeline, 8-9 KB measured at 10 posts per account (docs/capacity.md)"),
        ["redisEntryOverheadBytes"] = (100, "Redis' own bytes per key (dict entry, object header, expiry)"),
        ["redisHeadroom"] = (2, "Redis holds twice the live data: fragmentation, fail-safe copies, timelines idle up to 6 h"),

        // Caches.
        ["postCacheSeconds"] = (600, "Stadium:Cache:PostDuration, 10 minutes"),
        ["profileCacheSeconds"] = (30, "Stadium:Cache:ProfileDuration, 30 seconds"),
        ["feedCacheSeconds"] = (60, "the longest a feed page may be cached when its staleness budget allows it"),
        ["cacheLayers"] = (2, "a public read may be cached at the edge and on the node; each layer can add its TTL of age"),

        // Workers and autoscaling.
        ["exportJobMs"] = (250, "an export's job (a PDF of one account's posts): not measured yet"),
        ["announcementsPerHour"] = (4, "announcements sent in a busy hour: not measured"),
        ["announcementFollowers"] = (10000, "followers an announcement reaches: the worker-kill test's 10,000"),
        ["emailsPerWorkerSecond"] = (1200, "one worker sent 7,972 emails in 6.6 s once the leases expired (bench/RESULTS.md, worker killed mid-blast)"),
        ["workerConcurrency"] = (4, "jobs a worker runs at once (Stadium:Jobs concurrency)"),
        ["workerCores"] = (1, "a worker's CPU: an export renders a PDF, CPU-bound work"),
        ["workerMemoryMb"] = (512, "a worker's memory: a claimed batch and the export being rendered"),
        ["workerTargetUtilization"] = (70, "workers kept 70 % busy, as the API's CPU target"),
        ["queueDepthPerWorker"] = (5, "scaling/autoscale.yaml's queueDepth target: pending jobs per worker"),
        ["targetMemoryUtilization"] = (85, "scaling/autoscale.yaml: caches fill their budget by design, so not lower"),
        ["targetLatencyPercentOfObjective"] = (100, "scaling/autoscale.yaml: scale when a route's p99 reaches its objective"),
        ["scaleUpWindowSeconds"] = (0, "scaling/autoscale.yaml: up fast, no stabilisation"),
        ["scaleDownWindowSeconds"] = (300, "scaling/autoscale.yaml: down only after 5 minutes of agreeing recommendations"),
    };
}
