using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Stadium.Commands;

/// <summary>
/// Starts a verb's web host. The settings are checked first, outside the host's start, so a bad one reaches Program.cs
/// as one error naming the key instead of the host's "Hosting failed to start" log with the validation stack. Ports are
/// checked earlier still (<see cref="BindAddress.EnsureFree"/>); one taken in between is the same one-line error.
/// </summary>
internal static class HostStart
{
    public static async Task StartAsync(IHost app, CancellationToken ct)
    {
        app.Services.GetService<IStartupValidator>()?.Validate();
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            throw new UsageException($"{e.Message.TrimEnd('.')}; choose another --port (0 picks a free one)");
        }
    }
}
