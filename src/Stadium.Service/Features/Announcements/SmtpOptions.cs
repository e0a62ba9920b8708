namespace Stadium.Service.Features.Announcements;

/// <summary>"Stadium:Email:Smtp": the SMTP server the Smtp provider sends through.</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 25;

    /// <summary>Use STARTTLS when the server offers it.</summary>
    public bool StartTls { get; set; } = true;

    public string? Username { get; set; }

    public string? Password { get; set; }
}
