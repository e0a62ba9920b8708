using System.CommandLine;
using Stadium.Chaos.Faults;
using Stadium.Lab.Scenarios;

namespace Stadium.Commands;

/// <summary>
/// <c>stadium chaos fault KIND TARGET [--for DURATION] [--data DIR] [NAME=VALUE ...]</c>: one fault by hand, reverted
/// after its duration or on Ctrl+C; first undoes what a run that died left in the folder.
/// </summary>
internal static class ChaosFaultCommand
{
    public static Command Create()
    {
        var kind = new Argument<string>("kind") { Description = $"The fault: {string.Join(", ", FaultRunner.Kinds)}." };
        var target = new Argument<string>("target")
        {
            Description = "What it hits: api-N, worker-N, gateway, primary, replica-N or redis (a process), or for network faults the dependency's proxy: primary, replica-N, redis.",
        };
        var attributes = new Argument<string[]>("attributes")
        {
            Description = "The kind's attributes as NAME=VALUE: latency=200 jitter=50, probability=0.05, rate=64 (KB/s), share=0.5 (memory-pressure), stream=upstream, toxicity=0.5.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var duration = new Option<string>("--for") { Description = "How long (500ms, 10s, 2m); then it is undone.", DefaultValueFactory = _ => "10s", HelpName = "DURATION" };
        var data = new Option<string>("--data")
        {
            Description = "The cluster's data folder (--data of `up --cluster`) or the data tier's (--dir of `infra up`).",
            DefaultValueFactory = _ => ClusterUp.DefaultData,
        };
        var command = new Command("fault", "Inject one fault for a while: kill, freeze or restart a process, pause a replica's replay, hog a node's CPU or memory, or slow, cut or drop a dependency's connections.")
        {
            kind, target, attributes, duration, data,
        };
        command.SetAction(async (result, ct) =>
        {
            var spec = new FaultSpec(result.GetValue(kind)!, result.GetValue(target)!, Duration(result.GetValue(duration)!), Attributes(result.GetValue(attributes) ?? []));
            var runner = new FaultRunner(result.GetValue(data)!, Console.Out);
            try
            {
                await runner.UndoLeftoversAsync(ct);
                await runner.RunAsync(spec, ct);
            }
            catch (FaultException e)
            {
                throw new UsageException(e.Message);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static TimeSpan Duration(string text)
    {
        try
        {
            return DurationText.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--for: {e.Message}");
        }
    }

    private static Dictionary<string, string> Attributes(string[] words)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var word in words)
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"'{word}' is not an attribute: write NAME=VALUE, e.g. latency=200");
            }

            attributes[word[..equals]] = word[(equals + 1)..];
        }

        return attributes;
    }
}
