using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;

namespace Stadium.Commands;

/// <summary>Starts a verb's web host; a port another process holds is one line of advice, not a stack trace.</summary>
internal static class HostStart
{
    public static async Task<bool> TryStartAsync(IHost app, CancellationToken ct)
    {
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
