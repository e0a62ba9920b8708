namespace Stadium.Testing;

/// <summary>One message <see cref="SmtpSink"/> accepted: the RCPT TO addresses and the DATA as sent, dot-stuffing undone.</summary>
public sealed record ReceivedMail(IReadOnlyList<string> Recipients, string Data);
