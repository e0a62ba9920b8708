using System.Runtime.Versioning;

// The launchers run Debian's PostgreSQL and Redis binaries, set Unix file modes and send Unix signals.
[assembly: SupportedOSPlatform("linux")]
