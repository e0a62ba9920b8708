using System.Runtime.Versioning;

// The servers under test are Debian's PostgreSQL and Redis packages.
[assembly: SupportedOSPlatform("linux")]

// The test classes here start whole data tiers and clusters (PostgreSQL primaries and replicas, Redis, API nodes in
// cgroups). Side by side on a two-core machine they starved each other into timeouts (a replica's base backup cut
// off, a scaled-out node never ready); one at a time they are reliable.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
