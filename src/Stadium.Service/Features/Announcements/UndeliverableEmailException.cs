namespace Stadium.Service.Features.Announcements;

/// <summary>
/// The provider will never take this recipient (an address it cannot parse, a permanent 5xx refusal of the recipient):
/// a fact about the address, not a provider failure. The batch records the recipient as undeliverable and goes on, and
/// the circuit breaker does not count it; failing the batch instead would retry it until it died, and every recipient
/// after the bad one would never get the email.
/// </summary>
internal sealed class UndeliverableEmailException(OutgoingEmail email, string reason, Exception? inner = null)
    : Exception($"{email.IdempotencyKey} cannot be delivered to its recipient: {reason}", inner)
{
    public OutgoingEmail Email => email;
}
