namespace Stadium.Data;

/// <summary>An account's email address and whether it takes announcement emails (from the accounts it follows).</summary>
public sealed record EmailSettings(string Email, bool Announcements);
