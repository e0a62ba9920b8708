namespace Stadium.Protection.Shedding;

/// <summary>Who the shedder serves first under overload (lower first). Cohorts order requests within a tier.</summary>
public enum PriorityTier
{
    /// <summary>Signed-in reads and writes: the users the product is for, already inside.</summary>
    SignedIn,

    /// <summary>
    /// Anonymous reads, and auth (register, log in, refresh, log out): a login is how a user gets in, but it is
    /// bounded by its own limit and hashing pool, and under overload keeping the signed-in served comes first.
    /// </summary>
    Anonymous,

    /// <summary>Exports, announcements and paging past the first page (a <c>cursor</c> or <c>before</c> query): work that can wait.</summary>
    Bulk,
}
