using Stadium.Testing;

namespace Stadium.Gateway.Tests;

/// <summary>`stadium gateway` misused: one line on stderr naming what is wrong, exit code 2, nothing started.</summary>
public sealed class GatewayCliTests
{
    [Fact]
    public async Task Without_nodes_the_gateway_says_which_setting_is_missing()
    {
        var (exitCode, _, errors) = await BuiltCli.RunAsync(["gateway", "--port", "0"]);
        Assert.Equal(2, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("stadium gateway: ", line, StringComparison.Ordinal);
        Assert.Contains("Stadium:Gateway:ClusterFile", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_port_is_one_line_and_exit_2()
    {
        var (exitCode, _, errors) = await BuiltCli.RunAsync(["gateway", "--port", "http"]);
        Assert.Equal(2, exitCode);
        Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--port", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_setting_names_its_key()
    {
        var (exitCode, _, errors) = await BuiltCli.RunAsync(["gateway", "--port", "0"], new Dictionary<string, string>
        {
            ["Stadium__Gateway__Destinations__0"] = "http://127.0.0.1:1",
            ["Stadium__Gateway__Retry__Budget"] = "2",
        });
        Assert.Equal(2, exitCode);
        Assert.Contains("Stadium:Gateway:Retry:Budget", errors, StringComparison.Ordinal);
    }
}
