using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Stadium.Scaling.Config;
using Stadium.Scaling.Drivers;
using Stadium.Scaling.Hpa;

namespace Stadium.Scaling.Tests.Drivers;

/// <summary>
/// The kubernetes driver through KubernetesClient. No Kubernetes cluster runs here: the API server is a local Kestrel
/// stand-in serving the three endpoints the driver calls (GET and PATCH apps/v1 deployments/{name}/scale, GET v1 pods
/// by label selector) with the JSON shapes of the Kubernetes API.
/// </summary>
public sealed class KubernetesDriverTests
{
    [Fact]
    public async Task Reads_the_scale_subresource_and_pod_readiness_and_patches_spec_replicas()
    {
        var patches = new List<(string ContentType, string Body)>();
        string? selectorAsked = null;
        await using var api = await StandInServer.StartAsync(app =>
        {
            app.MapGet("/apis/apps/v1/namespaces/shop/deployments/stadium-api/scale", () => Results.Json(Scale(3)));
            app.MapMethods("/apis/apps/v1/namespaces/shop/deployments/stadium-api/scale", ["PATCH"], async (HttpRequest request) =>
            {
                using var reader = new StreamReader(request.Body);
                patches.Add((request.ContentType ?? "", await reader.ReadToEndAsync()));
                return Results.Json(Scale(5));
            });
            app.MapGet("/api/v1/namespaces/shop/pods", (HttpRequest request) =>
            {
                selectorAsked = request.Query["labelSelector"];
                return Results.Json(new
                {
                    apiVersion = "v1",
                    kind = "PodList",
                    items = new object[]
                    {
                        Pod("api-a", "Running", ready: true, ip: "10.0.0.1"),
                        Pod("api-b", "Running", ready: false, ip: "10.0.0.2"),
                        Pod("api-c", "Pending", ready: false, ip: null),
                        Pod("api-d", "Failed", ready: false, ip: null),
                    },
                });
            });
        });

        var spec = new TargetSpec("api", "kubernetes",
            new Dictionary<string, string> { ["deployment"] = "stadium-api", ["namespace"] = "shop", ["server"] = api.Url, ["cpu"] = "0.5", ["gateway"] = "http://gw:8080" },
            1, 10, [], ScalingBehavior.Default, TimeSpan.FromSeconds(300));
        using var http = new HttpClient();
        var created = new KubernetesDriver().Create(spec, new AutoscaleConfig("a.yaml", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), 0.1, ".", null, [spec]), http);

        var state = await created.Target.ReadAsync(CancellationToken.None);
        Assert.Equal(3, state.Replicas);
        Assert.Equal([("api-a", true), ("api-b", false), ("api-c", false)], state.Members.Select(m => (m.Name, m.Ready)));
        Assert.Equal("app=stadium-api", selectorAsked);

        var plan = await created.Sources.ReadAsync(CancellationToken.None);
        Assert.Equal(["http://10.0.0.1:8080", "http://10.0.0.2:8080"], plan.Nodes.Select(n => n.Url));
        Assert.Equal(("http://gw:8080", 0.5), (plan.GatewayUrl, plan.Limits.CpuCores));

        await created.Target.ScaleAsync(5, CancellationToken.None);
        var (contentType, body) = Assert.Single(patches);
        Assert.StartsWith("application/merge-patch+json", contentType, StringComparison.Ordinal);
        Assert.Equal(5, JsonDocument.Parse(body).RootElement.GetProperty("spec").GetProperty("replicas").GetInt32());
    }

    private static object Scale(int replicas) => new
    {
        apiVersion = "autoscaling/v1",
        kind = "Scale",
        metadata = new { name = "stadium-api", @namespace = "shop" },
        spec = new { replicas },
        status = new { replicas, selector = "app=stadium-api" },
    };

    private static object Pod(string name, string phase, bool ready, string? ip) => new
    {
        metadata = new { name, @namespace = "shop" },
        status = new
        {
            phase,
            podIP = ip,
            startTime = "2026-12-03T07:00:00Z",
            conditions = new[] { new { type = "Ready", status = ready ? "True" : "False" } },
        },
    };
}
