using System.Runtime.Versioning;

// The servers under test are Debian's PostgreSQL and Redis packages.
[assembly: SupportedOSPlatform("linux")]
