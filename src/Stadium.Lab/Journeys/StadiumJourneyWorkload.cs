using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Stadium.Lab.Execution;
using Stadium.Lab.Http;
using Stadium.Lab.Ledger;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Journeys;

/// <summary>
/// Stadium journeys. An open-model arrival is one action by a Zipf-chosen account; a closed-model user
/// is one distinct account for the whole phase. Every request goes through the measured sender; the
/// first request of an iteration is timed from the arrival's intended start, the ones after it from
/// when the previous answer let the user go on.
/// </summary>
internal sealed class StadiumJourneyWorkload : IWorkload
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly StadiumJourneyOptions _options;
    private readonly MeasuredSender _sender;
    private readonly TimeProvider _time;
    private readonly UserSession[] _sessions;
    private readonly ZipfPicker _zipf;
    private readonly Dictionary<string, EndpointMeter> _meters;
    private readonly LoadMeasurements _measurements;
    private int[] _virtualUserAccounts = [];
    private readonly FreshAccounts _freshAccounts;

    // Accounts that have held a session in this run, in the order they first signed in (appended under the lock).
    private readonly int[] _signedIn;
    private int _signedInCount;
    private readonly Lock _signedInLock = new();
    private bool _signedInOnly;

    public StadiumJourneyWorkload(StadiumJourneyOptions options, MeasuredSender sender, LoadMeasurements measurements)
    {
        _options = options;
        _sender = sender;
        _time = sender.Time;
        _sessions = new UserSession[options.Population + 1];
        for (var id = 1; id <= options.Population; id++)
        {
            _sessions[id] = new UserSession(id);
        }

        _signedIn = new int[options.Population];
        _zipf = new ZipfPicker(options.Population, options.ZipfExponent);
        _freshAccounts = new FreshAccounts(options.Population);
        _meters = StadiumEndpoints.All.ToDictionary(e => e.Name, measurements.Meter);
        _measurements = measurements;
    }

    private int _currentPhase;

    public void EnterPhase(int phaseIndex, PhasePlan phase)
    {
        _currentPhase = phaseIndex;
        _signedInOnly = _options.SignedInPhases?.Contains(phaseIndex) == true;
        if (phase.Users is null)
        {
            return;
        }

        var virtualUsers = phase.Users.MaxUsers;
        if (virtualUsers > _options.Population)
        {
            throw new InvalidOperationException($"{virtualUsers} virtual users need as many distinct accounts, but the population is {_options.Population}; seed more users or lower the user count.");
        }

        _virtualUserAccounts = _zipf.NextDistinct(virtualUsers, new Random(virtualUsers));
    }

    public async ValueTask RunIterationAsync(IterationContext context, CancellationToken ct)
    {
        var random = Random.Shared;
        var mix = _options.PhaseMixes.GetValueOrDefault(_currentPhase) ?? _options.Mix;
        var action = mix.Next(random);
        var session = _sessions[PickAccount(context, action, random)];
        var step = new Step(context.IntendedTimestamp);

        if (!await EnsureTokenAsync(session, step, ct).ConfigureAwait(false))
        {
            return;
        }

        switch (action)
        {
            case JourneyAction.OpenApp:
                await ReadPagesAsync(session, "/v1/feed", _meters["feed"], FeedReadsAfterLogin(random), step, ct, startOverAtEnd: true).ConfigureAwait(false);
                break;
            case JourneyAction.ReadFeed:
                await ReadPagesAsync(session, "/v1/feed", _meters["feed"], 1, step, ct).ConfigureAwait(false);
                break;
            case JourneyAction.PageFeed:
                await ReadPagesAsync(session, "/v1/feed", _meters["feed"], _options.MaxPagesPerVisit, step, ct).ConfigureAwait(false);
                break;
            case JourneyAction.OpenProfile:
                await SendAsync(session, HttpMethod.Get, $"/v1/users/{OtherUser(session, random)}", null, _meters["profile"], step, keepBody: false, ct).ConfigureAwait(false);
                break;
            case JourneyAction.UserPosts:
                await ReadPagesAsync(session, $"/v1/users/{OtherUser(session, random)}/posts", _meters["userPosts"], 1, step, ct).ConfigureAwait(false);
                break;
            case JourneyAction.CreatePost:
                await CreatePostAsync(session, random, step, ct).ConfigureAwait(false);
                break;
            case JourneyAction.Follow:
                await SendAsync(session, HttpMethod.Put, $"/v1/users/{OtherUser(session, random)}/follow", null, _meters["follow"], step, keepBody: false, ct).ConfigureAwait(false);
                break;
            case JourneyAction.Unfollow:
                await SendAsync(session, HttpMethod.Delete, $"/v1/users/{OtherUser(session, random)}/follow", null, _meters["unfollow"], step, keepBody: false, ct).ConfigureAwait(false);
                break;
            case JourneyAction.Export:
                await SendAsync(session, HttpMethod.Post, "/v1/exports", "{}", _meters["export"], step, keepBody: false, ct).ConfigureAwait(false);
                break;
        }
    }

    private int PickAccount(IterationContext context, JourneyAction action, Random random)
    {
        if (context.VirtualUser >= 0 && context.VirtualUser < _virtualUserAccounts.Length)
        {
            return _virtualUserAccounts[context.VirtualUser];
        }

        // A burst of people opening the app is many different people, not the busiest few again and again.
        if (action == JourneyAction.OpenApp)
        {
            return _freshAccounts.Next();
        }

        // Someone using the app has opened it before: a Zipf choice among the accounts holding a session (the first
        // to sign in are the busiest), which reuses its tokens. Until anyone has signed in, anyone may come (and log in).
        var signedIn = Volatile.Read(ref _signedInCount);
        if (_signedInOnly && signedIn > 0)
        {
            return _signedIn[_zipf.NextWithin(signedIn, random) - 1];
        }

        return _zipf.Next(random);
    }

    private string OtherUser(UserSession self, Random random)
    {
        var id = _zipf.Next(random);
        if (id == self.Id)
        {
            id = id % _options.Population + 1;
        }

        return $"user{id.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <param name="rejectedToken">An access token the server just answered 401 to: renew it now (refresh, or log in when
    /// the refresh fails) whatever its expiry says, unless another iteration of this account has renewed it meanwhile.</param>
    private async Task<bool> EnsureTokenAsync(UserSession session, Step step, CancellationToken ct, string? rejectedToken = null)
    {
        if (rejectedToken is null && session.HasToken && _time.GetTimestamp() < session.RefreshAfter)
        {
            return true;
        }

        if (!session.HasToken && _time.GetTimestamp() < session.LoginNotBefore)
        {
            _measurements.BackedOff();
            return false;
        }

        await session.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (session.HasToken && !string.Equals(session.AccessToken, rejectedToken, StringComparison.Ordinal) && _time.GetTimestamp() < session.RefreshAfter)
            {
                // Another iteration of this account logged in meanwhile. That wait is the login's
                // latency, already recorded there; this iteration's request is intended from now on.
                step.Restart(_time);
                return true;
            }

            if (!session.HasToken && _time.GetTimestamp() < session.LoginNotBefore)
            {
                _measurements.BackedOff();
                return false;
            }

            if (session.RefreshToken is not null)
            {
                var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["refreshToken"] = session.RefreshToken });
                var refreshed = await SendAsync(null, HttpMethod.Post, "/v1/auth/refresh", body, _meters["refresh"], step, keepBody: true, ct).ConfigureAwait(false);
                if (refreshed.IsSuccess && StoreTokens(session, refreshed.Body))
                {
                    return true;
                }

                session.Forget();
            }

            var credentials = JsonSerializer.Serialize(new Dictionary<string, string> { ["username"] = session.Username, ["password"] = _options.Password });
            var login = await SendAsync(null, HttpMethod.Post, "/v1/auth/login", credentials, _meters["login"], step, keepBody: true, ct).ConfigureAwait(false);
            if (login.IsSuccess && StoreTokens(session, login.Body))
            {
                return true;
            }

            // "Busy, come back later": this account stays away as long as the server asked (a second
            // without a Retry-After), so a shed login storm thins out instead of feeding on itself.
            if (login.Status is 503 or 429)
            {
                var pause = login.RetryAfter ?? TimeSpan.FromSeconds(1);
                session.BackOff(_time.GetTimestamp() + (long)(pause.TotalSeconds * _time.TimestampFrequency));
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
        var refreshAfter = _time.GetTimestamp() + (long)((lifetime - margin) * _time.TimestampFrequency);
        var first = !session.SignedInBefore;
        session.Store(access.GetString()!, refresh.GetString()!, refreshAfter);
        if (first)
        {
            lock (_signedInLock)
            {
                _signedIn[_signedInCount] = session.Id;
                Volatile.Write(ref _signedInCount, _signedInCount + 1);
            }
        }

        return true;
    }

    /// <summary>The profile's feed reads per login: its whole part always, its fraction as the chance of one more.</summary>
    private int FeedReadsAfterLogin(Random random)
    {
        var reads = Math.Max(0, _options.FeedReadsPerLogin);
        var whole = (int)Math.Floor(reads);
        return whole + (random.NextDouble() < reads - whole ? 1 : 0);
    }

    /// <param name="startOverAtEnd">At the end of the list, read it again from the top (pull to refresh), so exactly
    /// <paramref name="maxPages"/> reads are made; otherwise stop there.</param>
    private async Task ReadPagesAsync(UserSession session, string path, EndpointMeter meter, int maxPages, Step step, CancellationToken ct, bool startOverAtEnd = false)
    {
        string? cursor = null;
        for (var page = 0; page < maxPages; page++)
        {
            var query = cursor is null
                ? $"{path}?limit={_options.PageSize}"
                : $"{path}?limit={_options.PageSize}&cursor={Uri.EscapeDataString(cursor)}";
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

    private async Task CreatePostAsync(UserSession session, Random random, Step step, CancellationToken ct)
    {
        var text = _options.PostBodies.NextText(random);
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = text });
        var response = await SendAsync(session, HttpMethod.Post, "/v1/posts", body, _meters["createPost"], step, keepBody: true, ct,
            idempotencyKey: Guid.NewGuid().ToString("N")).ConfigureAwait(false);
        if (response.Status != 201 || response.Body is null || _options.Ledger is null)
        {
            return;
        }

        using var json = JsonDocument.Parse(response.Body);
        var root = json.RootElement;
        var createdAt = root.TryGetProperty("createdAt", out var c) && c.TryGetDateTimeOffset(out var at) ? at : (DateTimeOffset?)null;
        await _options.Ledger.AppendAsync(
            new LedgerEntry(root.GetProperty("id").GetInt64(), root.GetProperty("author").GetString() ?? session.Username, createdAt, _time.GetUtcNow()),
            ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends one request as <paramref name="session"/>'s account. A 401 to an access token (expired early, or its session
    /// revoked) is what a real client answers by renewing the token, with the refresh token and else a fresh login,
    /// and sending the request once more; the 401 itself is recorded like any answer.
    /// </summary>
    private async Task<MeasuredResponse> SendAsync(
        UserSession? session, HttpMethod method, string pathAndQuery, string? body, EndpointMeter meter, Step step, bool keepBody, CancellationToken ct,
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
        string? accessToken, HttpMethod method, string pathAndQuery, string? body, EndpointMeter meter, Step step, bool keepBody, string? idempotencyKey,
        CancellationToken ct)
    {
        var request = new HttpRequestMessage(method, new Uri(_options.Target, pathAndQuery));
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
        step.Restart(_time);
        return response;
    }

    /// <summary>The intended start of the next request in an iteration.</summary>
    private sealed class Step(long intendedTimestamp)
    {
        public long IntendedTimestamp { get; private set; } = intendedTimestamp;

        public void Restart(TimeProvider time) => IntendedTimestamp = time.GetTimestamp();
    }
}
