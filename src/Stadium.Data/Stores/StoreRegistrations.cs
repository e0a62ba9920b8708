using Microsoft.Extensions.DependencyInjection;

namespace Stadium.Data.Stores;

/// <summary>The aggregate stores, written once over <see cref="IDatabase"/> and the backend's <see cref="SqlDialect"/>.</summary>
internal static class StoreRegistrations
{
    public static void Add(IServiceCollection services, SqlDialect dialect)
    {
        services.AddSingleton<IUserStore>(sp => new UserStore(sp.GetRequiredService<IDatabase>(), dialect));
        services.AddSingleton<IPostStore>(sp => new PostStore(sp.GetRequiredService<IDatabase>(), dialect));
        services.AddSingleton<IFollowStore>(sp => new FollowStore(sp.GetRequiredService<IDatabase>(), dialect));
        services.AddSingleton<ISessionStore>(sp => new SessionStore(sp.GetRequiredService<IDatabase>(), dialect));
        services.AddSingleton<IIdempotencyKeyStore>(sp => new IdempotencyKeyStore(sp.GetRequiredService<IDatabase>()));
    }
}
