using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Stadium.Commands;

/// <summary>
/// Starts a verb's web host; a port another process holds is one line of advice, not a stack trace. The settings are
/// checked first, outside the host's start, so a bad one reaches Program.cs as one error naming the key instead of
/// the host's "Hosting failed to start" log with the validation stack.
/// </summary>
internal static class HostStart
{
    public static async Task<bool> TryStartAsync(IHost app, CancellationToken ct)
    {
        app.Services.GetService<IStartupValidator>()?.Validate();
        try
        {
            await app.StartAsync(ct);
            return true;
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message} Choose another --port (0 picks a free one).");
            return false;
        }
    }
}
