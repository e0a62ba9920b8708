using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Stadium.Service.Features.Auth;

/// <summary>The HMAC key access tokens are signed with: from configuration, or generated once per data folder.</summary>
public sealed class SigningKey(SymmetricSecurityKey key)
{
    public const int MinimumBytes = 32;

    public SymmetricSecurityKey Key => key;

    public static SigningKey Load(AuthOptions auth, string dataFolder)
    {
        if (!string.IsNullOrWhiteSpace(auth.SigningKey))
        {
            // HS256 needs at least 256 bits; a shorter or unreadable key would only fail at the first login.
            var bytes = new byte[auth.SigningKey.Length];
            if (!Convert.TryFromBase64String(auth.SigningKey, bytes, out var length) || length < MinimumBytes)
            {
                throw new Microsoft.Extensions.Options.OptionsValidationException(AuthOptions.Section, typeof(AuthOptions),
                    [$"{AuthOptions.Section}:{nameof(AuthOptions.SigningKey)} must be base64 of at least {MinimumBytes} bytes"]);
            }

            return new SigningKey(new SymmetricSecurityKey(bytes[..length]));
        }

        Directory.CreateDirectory(dataFolder);
        var path = Path.Combine(dataFolder, "signing.key");
        if (!File.Exists(path))
        {
            try
            {
                var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
                using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                using var writer = new StreamWriter(file);
                writer.Write(fresh);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process sharing the folder (a node and a worker starting together) wrote it first: use theirs.
                // It may still be writing: wait until the file holds a whole key.
                for (var i = 0; i < 50 && !Complete(path); i++)
                {
                    Thread.Sleep(20);
                }
            }
        }

        return new SigningKey(new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(path).Trim())));
    }

    /// <summary>Whether the key file holds a whole generated key (64 bytes, 88 base64 characters) and is not held open for writing.</summary>
    private static bool Complete(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim().Length >= 88;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
