using System.Text.Json.Serialization;
using Stadium.Infra.Chaos;

namespace Stadium.Infra;

/// <summary>
/// What <c>infra down</c> and <c>infra status</c> need to find the servers an earlier <c>up</c> started.
/// The admin password is here because status and tests need a superuser (pg_stat_replication, replay pause);
/// the file is written readable by its owner only and the servers listen on 127.0.0.1 only.
/// </summary>
/// <param name="Chaos">Where the fault proxy's API answers; null (and left out of the file) without <c>--chaos</c>.</param>
public sealed record InfraSection(
    string Dir,
    string AdminUser,
    string AdminPassword,
    IReadOnlyList<ServerRecord> Servers,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ChaosSection? Chaos = null);
