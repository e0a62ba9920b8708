using Stadium.Lab.Generic;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Engines;

/// <summary>One URL to load, as every engine is given it.</summary>
/// <param name="Target">The request's URL, checked by <see cref="Http.TargetGuard"/>.</param>
/// <param name="Connections">Connections to the target; the executor never runs more iterations at once.</param>
internal sealed record UrlLoad(
    RequestTemplate Request, Uri Target, int Connections, TimeSpan Timeout, bool AllowRemote, LoadMeasurements Measurements, TimeProvider Time);
