using System.Globalization;
using Stadium.Lab.Http;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Journeys;

/// <summary>One iteration of a journey as its action sees it: the signed-in account, and requests sent as that account.</summary>
internal sealed class JourneyIteration(JourneyClient client, UserSession session, JourneyStep step, Random random, ZipfPicker zipf)
{
    public UserSession Session => session;

    public Random Random => random;

    public StadiumJourneyOptions Options => client.Options;

    public TimeProvider Time => client.Time;

    public Task<MeasuredResponse> SendAsync(
        HttpMethod method, string pathAndQuery, string? body, EndpointDefinition endpoint, bool keepBody, CancellationToken ct, string? idempotencyKey = null) =>
        client.SendAsync(session, method, pathAndQuery, body, client.Meter(endpoint), step, keepBody, ct, idempotencyKey);

    /// <param name="startOverAtEnd">At the end of the list, read it again from the top (pull to refresh), so exactly
    /// <paramref name="maxPages"/> reads are made; otherwise stop there.</param>
    public Task ReadPagesAsync(string path, EndpointDefinition endpoint, int maxPages, CancellationToken ct, bool startOverAtEnd = false) =>
        client.ReadPagesAsync(session, path, client.Meter(endpoint), maxPages, step, ct, startOverAtEnd);

    /// <summary>Another account's username, a Zipf choice (popular accounts are visited most), never this one's.</summary>
    public string OtherUser()
    {
        var id = zipf.Next(random);
        if (id == session.Id)
        {
            id = id % Options.Population + 1;
        }

        return $"user{id.ToString(CultureInfo.InvariantCulture)}";
    }
}
