namespace Stadium.Data.Stores;

/// <summary>
/// Where the engines' SQL differs; the stores write everything else once. Each backend's provider builds its own.
/// </summary>
/// <param name="UsernameEquals">Case-insensitive match of <c>username</c> against <c>@username</c>, as the unique index compares.</param>
/// <param name="UsernameConflict">The ON CONFLICT target of that unique index.</param>
/// <param name="InIds">Membership of a column in the <c>@ids</c> array parameter, appended to the column.</param>
/// <param name="ForUpdate">Row lock for a read-then-write inside a transaction ("" where writers are serialised anyway).</param>
/// <param name="FamilyId">A session family id as the engine's parameter (a uuid, or its text).</param>
/// <param name="WritableCtes">INSERT/UPDATE inside WITH: a post is created in one statement, one round trip.</param>
/// <param name="LateralJoins">LATERAL: a home timeline seed is one statement instead of a read per followed author.</param>
internal sealed record SqlDialect(
    string UsernameEquals,
    string UsernameConflict,
    string InIds,
    string ForUpdate,
    Func<Guid, object> FamilyId,
    bool WritableCtes,
    bool LateralJoins);
