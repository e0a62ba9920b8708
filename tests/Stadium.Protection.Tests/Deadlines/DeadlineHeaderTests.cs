using Microsoft.Extensions.Primitives;
using Stadium.Protection.Deadlines;

namespace Stadium.Protection.Tests.Deadlines;

public sealed class DeadlineHeaderTests
{
    private static readonly TimeSpan Endpoint = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData("150", 150)]
    [InlineData("1999", 1999)]
    [InlineData("2000", 2000)]
    [InlineData("60000", 2000)]
    [InlineData("0", 2000)]
    [InlineData("-5", 2000)]
    [InlineData("1.5", 2000)]
    [InlineData(" 150", 2000)]
    [InlineData("soon", 2000)]
    [InlineData("", 2000)]
    [InlineData("99999999999999999999999", 2000)]
    public void The_header_may_only_shorten_the_endpoint_s_deadline_and_a_bad_value_is_ignored(string value, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), DeadlineHeader.Budget(new StringValues(value), Endpoint));

    [Fact]
    public void No_header_or_several_values_keep_the_endpoint_s_deadline()
    {
        Assert.Equal(Endpoint, DeadlineHeader.Budget(StringValues.Empty, Endpoint));
        Assert.Equal(Endpoint, DeadlineHeader.Budget(new StringValues(["100", "200"]), Endpoint));
    }
}
