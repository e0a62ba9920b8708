using System.Text;
using Stadium.Planning.Deploy;
using Stadium.Testing;

namespace Stadium.Planning.Tests.Deploy;

/// <summary>The committed deploy/ folder is exactly what the renderer writes for the default values, and values reach the files.</summary>
public sealed class DeployRendererTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stadium-deploy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_committed_deploy_folder_is_the_rendering_of_the_default_values()
    {
        var written = DeployRenderer.Render(DeployValues.Default, _dir);

        var committed = Files(Repository.Combine("deploy"));
        Assert.Equal(committed, Files(_dir));
        Assert.Equal(committed, written.Order(StringComparer.Ordinal).ToArray());
        var different = committed.Where(f => !File.ReadAllBytes(Path.Combine(_dir, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Repository.Combine("deploy", f)))).ToArray();
        Assert.True(different.Length == 0, $"deploy/ differs from the rendering of DeployValues.Default in: {string.Join(", ", different)} (render it again: stadium plan --mau 1000000 --emit deploy)");
    }

    [Fact]
    public void Every_platform_takes_the_values_given()
    {
        var values = DeployValues.Default with { ApiMinReplicas = 4, ApiMaxReplicas = 17, ApiConcurrency = 33, ApiCpu = "750m", ApiMemory = "1Gi", QueueDepthPerWorker = 9, PostCacheTtlSeconds = 90 };

        DeployRenderer.Render(values, _dir);

        Assert.Contains("maxReplicas: 17", Read("k8s/base/api-hpa.yaml"));
        Assert.Contains("minReplicas: 4", Read("k8s/base/api-hpa.yaml"));
        Assert.Contains("threshold: \"9\"", Read("k8s/base/worker-scaledobject.yaml"));
        Assert.Contains("cpu: \"750m\"", Read("k8s/base/api.yaml"));
        Assert.Contains("\"MaxCapacity\": 17", Read("ecs/api-scalable-target.json"));
        Assert.Contains("\"cpu\": \"768\"", Read("ecs/api-task-definition.json"));
        Assert.Contains("\"memory\": \"1024\"", Read("ecs/api-task-definition.json"));
        Assert.Contains("containerConcurrency: 33", Read("cloudrun/service.yaml"));
        Assert.Contains("autoscaling.knative.dev/maxScale: \"17\"", Read("cloudrun/service.yaml"));
        Assert.Contains("cpus: \"0.75\"", Read("compose.yaml"));
        Assert.Contains("Stadium__Cache__PostDuration: \"00:01:30\"", Read("compose.yaml"));
    }

    [Fact]
    public void An_unknown_placeholder_is_an_error_that_names_the_file_and_writes_nothing()
    {
        var typo = Assert.Throws<InvalidOperationException>(() => TemplateText.Render("k8s/x.yaml", Encoding.UTF8.GetBytes("maxReplicas: {{ApiMaxReplica}}\n"), DeployValues.Default));
        var format = Assert.Throws<InvalidOperationException>(() => TemplateText.Render("ecs/x.json", Encoding.UTF8.GetBytes("\"cpu\": \"{{ApiCpu:duration}}\""), DeployValues.Default));

        Assert.Contains("k8s/x.yaml", typo.Message, StringComparison.Ordinal);
        Assert.Contains("{{ApiMaxReplica}}", typo.Message, StringComparison.Ordinal);
        Assert.Contains("ecs/x.json", format.Message, StringComparison.Ordinal);
        Assert.Contains("duration", format.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_tools_templates_are_left_as_they_are()
    {
        var text = "legendFormat: {{route}}\nmetricsQuery: sum(<<.Series>>) {{ .Series }}\nreplicas: {{GatewayReplicas}}\n";

        var rendered = Encoding.UTF8.GetString(TemplateText.Render("x", Encoding.UTF8.GetBytes(text), DeployValues.Default));

        Assert.Equal($"legendFormat: {{{{route}}}}\nmetricsQuery: sum(<<.Series>>) {{{{ .Series }}}}\nreplicas: {DeployValues.Default.GatewayReplicas}\n", rendered);
    }

    [Theory]
    [InlineData("500m", 0.5)]
    [InlineData("2", 2)]
    [InlineData("1500m", 1.5)]
    public void A_cpu_quantity_reads_as_cores(string quantity, double cores) => Assert.Equal((decimal)cores, Quantity.Cores(quantity));

    [Theory]
    [InlineData("512Mi", 512)]
    [InlineData("1Gi", 1024)]
    [InlineData("500M", 477)]
    public void A_memory_quantity_reads_as_whole_mebibytes(string quantity, long mebibytes) => Assert.Equal(mebibytes, Quantity.Mebibytes(quantity));

    [Fact]
    public void A_quantity_that_is_not_one_is_refused() => Assert.Throws<InvalidOperationException>(() => Quantity.Cores("half"));

    private string Read(string file) => File.ReadAllText(Path.Combine(_dir, file));

    private static string[] Files(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();
}
