using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Stadium.Lab.Http;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Journeys;

/// <summary>
/// The Stadium API as the journeys' accounts use it: every request through the measured sender, as its account, with
/// the tokens a real client keeps (renewed ahead of expiry and after a 401, a login only when there is nothing to
/// renew, and a shed login's Retry-After honoured).
/// </summary>
internal sealed class JourneyClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly MeasuredSender _sender;
    private readonly LoadMeasurements _measurements;
    private readonly SignedInAccounts _signedIn;
    private readonly Dictionary<string, EndpointMeter> _meters;

    public JourneyClient(StadiumJourneyOptions options, MeasuredSender sender, LoadMeasurements measurements, SignedInAccounts signedIn)
    {
        Options = options;
        _sender = sender;
        Time = sender.Time;
        _measurements = measurements;
        _signedIn = signedIn;
        _meters = StadiumEndpoints.All.ToDictionary(e => e.Name, measurements.Meter);
    }

    public StadiumJourneyOptions Options { get; }

    public TimeProvider Time { get; }

    public EndpointMeter Meter(EndpointDefinition endpoint) => _meters[endpoint.Name];

    /// <param name="rejectedToken">An access token the server just answered 401 to: renew it now (refresh, or log in when
    /// the refresh fails) whatever its expiry says, unless another iteration of this account has renewed it meanwhile.</param>
    public async Task<bool> EnsureTokenAsync(UserSession session, JourneyStep step, CancellationToken ct, string? rejectedToken = null)
    {
        if (rejectedToken is null && session.HasToken && Time.GetTimestamp() < session.RefreshAfter)
        {
            return true;
        }

        if (!session.HasToken && Time.GetTimestamp() < session.LoginNotBefore)
        {
            _measurements.BackedOff();
            return false;
        }

        await session.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (session.HasToken && !string.Equals(session.AccessToken, rejectedToken, StringComparison.Ordinal) && Time.GetTimestamp() < session.RefreshAfter)
            {
                // Another iteration of this account logged in meanwhile. That wait is the login's
                // latency, already recorded there; this iteration's request is intended from now on.
                step.Restart(Time);
                return true;
            }

            if (!session.HasToken && Time.GetTimestamp() < session.LoginNotBefore)
            {
                _measurements.BackedOff();
                return false;
            }

            if (session.RefreshToken is not null)
            {
                var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["refreshToken"] = session.RefreshToken });
                var refreshed = await SendAsync(null, HttpMethod.Post, "/v1/auth/refresh", body, Meter(StadiumEndpoints.Refresh), step, keepBody: true, ct).ConfigureAwait(false);
                if (refreshed.IsSuccess && StoreTokens(session, refreshed.Body))
                {
                    return true;
                }

                session.Forget();
            }

            var credentials = JsonSerializer.Serialize(new Dictionary<string, string> { ["username"] = session.Username, ["password"] = Options.Password });
            var login = await SendAsync(null, HttpMethod.Post, "/v1/auth/login", credentials, Meter(StadiumEndpoints.Login), step, keepBody: true, ct).ConfigureAwait(false);
            if (login.IsSuccess && StoreTokens(session, login.Body))
            {
                return true;
            }

            // "Busy, come back later": this account stays away as long as the server asked (a second
            // without a Retry-After), so a shed login storm thins out instead of feeding on itself.
            if (login.Status is 503 or 429)
            {
                var pause = login.RetryAfter ?? TimeSpan.FromSeconds(1);
                session.BackOff(Time.GetTimestamp() + (long)(pause.TotalSeconds * Time.TimestampFrequency));
            }

            return false;
        }
        finally
        {
            session.Gate.Release();
        }
    }

    private bool StoreTokens(UserSession session, byte[]? body)
    {
        if (body is null)
        {
            return false;
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (!root.TryGetProperty("accessToken", out var access) || !root.TryGetProperty("refreshToken", out var refresh))
        {
            return false;
        }

        var lifetime = root.TryGetProperty("expiresIn", out var expires) ? expires.GetInt32() : 60;

        // Refresh with a tenth of the lifetime (at most a minute) to spare, as mobile clients do.
        var margin = Math.Min(60, lifetime / 10.0);
        var refreshAfter = Time.GetTimestamp() + (long)((lifetime - margin) * Time.TimestampFrequency);
        var first = !session.SignedInBefore;
        session.Store(access.GetString()!, refresh.GetString()!, refreshAfter);
        if (first)
        {
            _signedIn.Add(session.Id);
        }

        return true;
    }

    /// <param name="startOverAtEnd">At the end of the list, read it again from the top (pull to refresh), so exactly
    /// <paramref name="maxPages"/> reads are made; otherwise stop there.</param>
    public async Task ReadPagesAsync(UserSession session, string path, EndpointMeter meter, int maxPages, JourneyStep step, CancellationToken ct, bool startOverAtEnd = false)
    {
        string? cursor = null;
        for (var page = 0; page < maxPages; page++)
        {
            var query = cursor is null
                ? $"{path}?limit={Options.PageSize}"
                : $"{path}?limit={Options.PageSize}&cursor={Uri.EscapeDataString(cursor)}";
            var response = await SendAsync(session, HttpMethod.Get, query, null, meter, step, keepBody: maxPages > 1, ct).ConfigureAwait(false);
            if (!response.IsSuccess || response.Body is null)
            {
                return;
            }

            using var json = JsonDocument.Parse(response.Body);
            if (!json.RootElement.TryGetProperty("nextCursor", out var next) || next.ValueKind != JsonValueKind.String)
            {
                if (!startOverAtEnd)
                {
                    return;
                }

                cursor = null;
                continue;
            }

            cursor = next.GetString();
        }
    }

    /// <summary>
    /// Sends one request as <paramref name="session"/>'s account. A 401 to an access token (expired early, or its session
    /// revoked) is what a real client answers by renewing the token, with the refresh token and else a fresh login,
    /// and sending the request once more; the 401 itself is recorded like any answer.
    /// </summary>
    public async Task<MeasuredResponse> SendAsync(
        UserSession? session, HttpMethod method, string pathAndQuery, string? body, EndpointMeter meter, JourneyStep step, bool keepBody, CancellationToken ct,
        string? idempotencyKey = null)
    {
        var token = session?.AccessToken;
        var response = await SendOnceAsync(token, method, pathAndQuery, body, meter, step, keepBody, idempotencyKey, ct).ConfigureAwait(false);
        if (response.Status != 401 || session is null || token is null
            || !await EnsureTokenAsync(session, step, ct, rejectedToken: token).ConfigureAwait(false))
        {
            return response;
        }

        return await SendOnceAsync(session.AccessToken, method, pathAndQuery, body, meter, step, keepBody, idempotencyKey, ct).ConfigureAwait(false);
    }

    private async Task<MeasuredResponse> SendOnceAsync(
        string? accessToken, HttpMethod method, string pathAndQuery, string? body, EndpointMeter meter, JourneyStep step, bool keepBody, string? idempotencyKey,
        CancellationToken ct)
    {
        var request = new HttpRequestMessage(method, new Uri(Options.Target, pathAndQuery));
        var headers = new List<KeyValuePair<string, string>>(2);
        if (accessToken is { } token)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
            headers.Add(new("Authorization", "Bearer " + token));
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
            headers.Add(new("Idempotency-Key", idempotencyKey));
        }

        var bodyBytes = 0;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            bodyBytes = bytes.Length;
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = Json;
            headers.Add(new("Content-Type", "application/json"));
        }

        var requestBytes = MeasuredSender.RequestBytes(method.Method, request.RequestUri!, headers, bodyBytes);
        var response = await _sender.SendAsync(request, meter, step.IntendedTimestamp, requestBytes, keepBody, ct).ConfigureAwait(false);
        step.Restart(Time);
        return response;
    }
}
