using System.Globalization;
using Microsoft.Extensions.Options;

namespace Stadium.Data.Postgres;

/// <summary>
/// "Stadium:Store:Postgres" in range, checked when the store is registered: a pool of no connections or a probe that
/// never times out would fail later, deep inside Npgsql, without naming the setting.
/// </summary>
internal static class PostgresOptionsCheck
{
    public const string Section = "Stadium:Store:Postgres";

    public static void Validate(PostgresOptions o)
    {
        var failures = new List<string>();
        void Require(bool holds, string key, string requirement)
        {
            if (!holds)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:{key} {requirement}"));
            }
        }

        Require(!string.IsNullOrWhiteSpace(o.Primary), nameof(o.Primary), "must not be empty (a connection string; `stadium infra up` writes one)");
        Require(o.MaxPoolSize >= 1, nameof(o.MaxPoolSize), $"must be at least 1 (got {o.MaxPoolSize})");
        Require(o.MaxAutoPrepare >= 0, nameof(o.MaxAutoPrepare), $"must be at least 0 (got {o.MaxAutoPrepare})");
        Require(o.PoolWaitTimeout > TimeSpan.Zero, nameof(o.PoolWaitTimeout), $"must be longer than zero (got {o.PoolWaitTimeout})");
        Require(o.CommandTimeout > TimeSpan.Zero, nameof(o.CommandTimeout), $"must be longer than zero (got {o.CommandTimeout})");
        Require(o.MaxReplicaLagBytes >= 0, nameof(o.MaxReplicaLagBytes), $"must be at least 0 (got {o.MaxReplicaLagBytes})");
        Require(o.MaxReplicaLag > TimeSpan.Zero, nameof(o.MaxReplicaLag), $"must be longer than zero (got {o.MaxReplicaLag})");
        Require(o.ReplicaProbeInterval > TimeSpan.Zero, nameof(o.ReplicaProbeInterval), $"must be longer than zero (got {o.ReplicaProbeInterval})");
        Require(o.ReplicaProbeTimeout > TimeSpan.Zero, nameof(o.ReplicaProbeTimeout), $"must be longer than zero (got {o.ReplicaProbeTimeout})");
        Require(o.ReadYourWritesWindow >= TimeSpan.Zero, nameof(o.ReadYourWritesWindow), $"must not be negative (got {o.ReadYourWritesWindow})");
        Require(o.ReplicaCatchUpWait >= TimeSpan.Zero, nameof(o.ReplicaCatchUpWait), $"must not be negative (got {o.ReplicaCatchUpWait})");
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Section, typeof(PostgresOptions), failures);
        }
    }
}
