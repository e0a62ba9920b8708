using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Stadium.Service.Platform;

public static class JsonContracts
{
    /// <summary>A feature's source-generated serializers, tried before reflection for the request and response bodies it declares.</summary>
    public static IServiceCollection AddJsonContracts(this IServiceCollection services, JsonSerializerContext contracts) =>
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, contracts));
}
