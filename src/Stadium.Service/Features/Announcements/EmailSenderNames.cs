namespace Stadium.Service.Features.Announcements;

/// <summary>The email providers by name ("Stadium:Email:Provider", case-insensitive); each <see cref="IEmailSender"/> is registered under its key.</summary>
internal static class EmailSenderNames
{
    public const string FileDrop = "FileDrop";

    public const string Smtp = "Smtp";

    public static IReadOnlyList<string> All { get; } = [FileDrop, Smtp];

    /// <summary>The service key of the provider named <paramref name="name"/>, or null when no provider has that name.</summary>
    public static string? Key(string? name) =>
        All.FirstOrDefault(known => string.Equals(known, name?.Trim(), StringComparison.OrdinalIgnoreCase))?.ToLowerInvariant();

    /// <summary>What a provider setting must be, for the message that names a bad one.</summary>
    public static string Requirement(string? name) => $"must be {string.Join(" or ", All)} (got '{name}')";
}
