using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Data.Providers;
using Stadium.Data.Requests;
using Stadium.Protection.Dependencies;

namespace Stadium.Service.Platform;

/// <summary>The configured store (its provider migrates it when the host starts), and who reads, for replicated stores.</summary>
public static class StoreRegistration
{
    /// <summary>Response (and request) header carrying the WAL position a client's last write reached.</summary>
    public const string ConsistencyHeader = "Stadium-Consistency";

    /// <summary>The provider's database, wrapped once in the <c>primary</c> and <c>replicas</c> resilience pipelines.</summary>
    public static IDataProvider AddStore(this WebApplicationBuilder builder, StadiumOptions options)
    {
        var provider = builder.Services.AddStadiumData(options.Store, options.DataFolder);
        builder.Services.AddResilientDatabase(provider);
        return provider;
    }

    /// <summary>
    /// Tells the store who is reading, so a user who just wrote is served only by the primary or a replica that has
    /// replayed the write. A client (or gateway) may also send back the consistency token it got from a write, which
    /// carries the guarantee across API nodes. Only stores whose reads may lag need it; the embedded default skips the
    /// per-request cost.
    /// </summary>
    public static WebApplication UseReadConsistency(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IDataProvider>().RoutesReads)
        {
            return app;
        }

        var requests = app.Services.GetRequiredService<DataRequestAccessor>();
        app.Use(async (context, next) =>
        {
            // The request metrics middleware began the request's data context; authentication has run since.
            var request = requests.Current;
            using var scope = request is null ? requests.Begin(request = new DataRequest()) : default(DataRequestAccessor.Scope?);
            if (context.Request.Headers.TryGetValue(ConsistencyHeader, out var token) &&
                ulong.TryParse(token, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var minimum))
            {
                request.MinimumLsn = minimum;
            }

            request.UserId = context.User.Identity?.IsAuthenticated == true ? context.User.UserId() : null;
            context.Response.OnStarting(() =>
            {
                if (request.WrittenLsn > 0)
                {
                    context.Response.Headers[ConsistencyHeader] = request.WrittenLsn.ToString("X", System.Globalization.CultureInfo.InvariantCulture);
                }

                return Task.CompletedTask;
            });
            await next(context);
        });
        return app;
    }
}
