using System.Runtime.Versioning;

// Faults signal real processes and servers (Debian's PostgreSQL and Redis), and the fault proxy runs on Linux only.
[assembly: SupportedOSPlatform("linux")]

// The classes start data tiers and processes of their own; side by side on a two-core machine they would starve each other.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
