using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Stadium.Service.Platform;

/// <summary>
/// Answers HEAD wherever GET is answered (RFC 9110 9.3.2), so clients and probes can check a resource or its
/// ETag without the body. The request is routed as GET; Kestrel still knows it is HEAD and sends no body.
/// A startup filter, because routing is chosen before any middleware the app adds.
/// </summary>
internal sealed class HeadRequests : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (HttpMethods.IsHead(context.Request.Method))
            {
                context.Request.Method = HttpMethods.Get;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
