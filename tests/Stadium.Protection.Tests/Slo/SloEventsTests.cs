using Stadium.Protection.Slo;

namespace Stadium.Protection.Tests.Slo;

public sealed class SloEventsTests
{
    private static readonly EndpointObjective Feed =
        new("GET", "/v1/feed", 99, TimeSpan.FromMilliseconds(50), 0.999, TimeSpan.FromDays(28), TimeSpan.FromSeconds(2));

    [Theory]
    [InlineData(200, 10, "Good")]
    [InlineData(304, 50, "Good")]
    [InlineData(404, 10, "Good")]
    [InlineData(200, 51, "Bad")]
    [InlineData(500, 1, "Bad")]
    [InlineData(503, 1, "Bad")]
    [InlineData(504, 2000, "Bad")]
    [InlineData(429, 1, "Excluded")]
    [InlineData(499, 1, "Excluded")]
    public void Answers_count_as_good_bad_or_not_at_all(int status, int milliseconds, string expected) =>
        Assert.Equal(Enum.Parse<SloOutcome>(expected), SloEvents.Classify(status, TimeSpan.FromMilliseconds(milliseconds), Feed));
}
