using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Data;
using Stadium.Data.Consistency;
using Stadium.Data.Postgres;
using Stadium.Data.Sqlite;
using Stadium.Service.Features.Auth;

namespace Stadium.Service.Platform;

/// <summary>Chooses the store by configuration and applies its migrations before the node starts.</summary>
public static class StoreRegistration
{
    /// <summary>Response (and request) header carrying the WAL position a client's last write reached.</summary>
    public const string ConsistencyHeader = "Stadium-Consistency";

    public static void AddStore(this WebApplicationBuilder builder, StadiumOptions options)
    {
        if (string.Equals(options.Store.Provider, "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            var database = new PostgresDatabase(options.Store.Postgres, TimeProvider.System);
            database.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
            builder.Services.AddSingleton(_ => database); // a factory registration, so the container disposes it (stops the replica monitor)
            Register(builder.Services, new PostgresStore(database));
            return;
        }

        var sqlite = new SqliteDatabase(options.SqlitePath);
        SqliteMigrator.Migrate(sqlite);
        builder.Services.AddSingleton(_ => sqlite);
        Register(builder.Services, new SqliteStore(sqlite));
    }

    /// <summary>
    /// Tells the store who is reading, so a user who just wrote is served only by the primary or a replica
    /// that has replayed the write. A client (or gateway) may also send back the consistency token it got
    /// from a write, which carries the guarantee across API nodes.
    /// </summary>
    public static WebApplication UseReadConsistency(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            ulong minimum = 0;
            if (context.Request.Headers.TryGetValue(ConsistencyHeader, out var token))
            {
                ulong.TryParse(token, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out minimum);
            }

            var reader = new ReadConsistency(context.User.Identity?.IsAuthenticated == true ? context.User.UserId() : null, minimum);
            ReadConsistency.Current = reader;
            context.Response.OnStarting(() =>
            {
                if (reader.WrittenLsn > 0)
                {
                    context.Response.Headers[ConsistencyHeader] = reader.WrittenLsn.ToString("X", System.Globalization.CultureInfo.InvariantCulture);
                }

                return Task.CompletedTask;
            });
            try
            {
                await next(context);
            }
            finally
            {
                ReadConsistency.Current = null;
            }
        });
        return app;
    }

    private static void Register<TStore>(IServiceCollection services, TStore store)
        where TStore : class, IUserStore, IPostStore, IFollowStore, ISessionStore, IStoreHealth
    {
        services.AddSingleton<IUserStore>(store);
        services.AddSingleton<IPostStore>(store);
        services.AddSingleton<IFollowStore>(store);
        services.AddSingleton<ISessionStore>(store);
        services.AddSingleton<IStoreHealth>(store);
    }
}
