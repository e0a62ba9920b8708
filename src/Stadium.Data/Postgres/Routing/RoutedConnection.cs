using Npgsql;

namespace Stadium.Data.Postgres.Routing;

/// <summary>A connection and the replica it leads to (null: the primary).</summary>
internal readonly record struct RoutedConnection(NpgsqlConnection Connection, ReplicaNode? Replica);
