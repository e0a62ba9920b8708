using System.Net.Http.Headers;
using System.Text;
using Stadium.Lab.Execution;
using Stadium.Lab.Http;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Generic;

/// <summary>
/// Generic mode: each iteration sends one request of the list, chosen by weight. Everything that can
/// be prepared once (URI, method, header list, body bytes, byte count, meter) is, so the hot loop only
/// allocates the request message HttpClient insists on.
/// </summary>
internal sealed class RequestListWorkload : IWorkload
{
    private readonly PreparedRequest[] _requests;
    private readonly double[] _cumulativeWeights;
    private readonly MeasuredSender _sender;

    public RequestListWorkload(IReadOnlyList<RequestTemplate> templates, Uri? target, MeasuredSender sender, LoadMeasurements measurements, bool allowRemote)
    {
        if (templates.Count == 0)
        {
            throw new ArgumentException("The request list is empty.", nameof(templates));
        }

        _sender = sender;
        _requests = [.. templates.Select(t => PreparedRequest.From(t, target, measurements, allowRemote))];
        _cumulativeWeights = new double[templates.Count];
        var sum = 0.0;
        for (var i = 0; i < templates.Count; i++)
        {
            sum += Math.Max(0, templates[i].Weight);
            _cumulativeWeights[i] = sum;
        }

        if (sum <= 0)
        {
            throw new ArgumentException("At least one request needs a positive weight.", nameof(templates));
        }
    }

    public void EnterPhase(int phaseIndex, PhasePlan phase)
    {
        // Plain requests carry no per-user state.
    }

    public ValueTask RunIterationAsync(IterationContext context, CancellationToken ct)
    {
        var prepared = _requests.Length == 1 ? _requests[0] : Pick();
        return new ValueTask(_sender.SendAsync(prepared.Build(), prepared.Meter, context.IntendedTimestamp, prepared.Bytes, keepBody: false, ct));
    }

    private PreparedRequest Pick()
    {
        var x = Random.Shared.NextDouble() * _cumulativeWeights[^1];
        var index = Array.BinarySearch(_cumulativeWeights, x);
        return _requests[Math.Min(index < 0 ? ~index : index, _requests.Length - 1)];
    }

    private sealed record PreparedRequest(
        HttpMethod Method, Uri Uri, KeyValuePair<string, string>[] Headers, byte[]? Body, string? ContentType, long Bytes, EndpointMeter Meter)
    {
        public static PreparedRequest From(RequestTemplate template, Uri? target, LoadMeasurements measurements, bool allowRemote)
        {
            var uri = Uri.TryCreate(template.Url, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal)
                ? absolute
                : new Uri(target ?? throw new ArgumentException($"'{template.Url}' is relative and no --target was given."), template.Url);
            TargetGuard.Check(uri.ToString(), allowRemote);
            var method = new HttpMethod(template.Method.ToUpperInvariant());
            var contentType = template.Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
            var headers = template.Headers.Where(h => !h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).ToArray();
            var body = template.Body is null ? null : Encoding.UTF8.GetBytes(template.Body);
            var meter = measurements.Meter(new EndpointDefinition(template.Name, method.Method, uri.AbsolutePath));
            return new PreparedRequest(method, uri, headers, body, contentType ?? (body is null ? null : "application/json"),
                MeasuredSender.RequestBytes(method.Method, uri, template.Headers, body?.Length ?? 0), meter);
        }

        public HttpRequestMessage Build()
        {
            var request = new HttpRequestMessage(Method, Uri);
            foreach (var (key, value) in Headers)
            {
                request.Headers.TryAddWithoutValidation(key, value);
            }

            if (Body is not null)
            {
                request.Content = new ByteArrayContent(Body);
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType!);
            }

            return request;
        }
    }
}
