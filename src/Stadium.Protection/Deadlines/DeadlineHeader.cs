using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Stadium.Protection.Deadlines;

/// <summary>
/// <c>Stadium-Deadline-Ms</c>: the time a caller (a gateway, another service) still has for this request, in whole
/// milliseconds. It may only shorten the endpoint's own deadline: a caller that has 80 ms left gains nothing from
/// work that finishes after 2 s, while a larger value must not buy more of this node's time than the SLO file gives.
/// A value that is not one positive whole number is ignored (the request keeps its endpoint's deadline), never refused:
/// a gateway's bug must not turn into failed requests.
/// </summary>
internal static class DeadlineHeader
{
    public const string Name = "Stadium-Deadline-Ms";

    public static TimeSpan Budget(StringValues header, TimeSpan endpointDeadline) =>
        header.Count == 1
        && long.TryParse(header[0], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
        && milliseconds > 0
        && milliseconds < endpointDeadline.TotalMilliseconds
            ? TimeSpan.FromMilliseconds(milliseconds)
            : endpointDeadline;
}
