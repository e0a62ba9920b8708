using Stadium.Data.Stores;

namespace Stadium.Data.Tests;

/// <summary>The aggregate stores over one database, as the provider registers them.</summary>
internal sealed record StoreSet(IUserStore Users, IPostStore Posts, IFollowStore Follows, ISessionStore Sessions)
{
    public static StoreSet Over(IDatabase database, SqlDialect dialect) =>
        new(new UserStore(database, dialect), new PostStore(database, dialect), new FollowStore(database, dialect), new SessionStore(database, dialect));
}
