using Stadium.Lab.Journeys;

namespace Stadium.Lab.Tests;

public class FreshAccountsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(200)]
    [InlineData(7919)]
    [InlineData(15838)]
    public void Every_account_opens_the_app_once_before_any_comes_again(int population)
    {
        var accounts = new FreshAccounts(population);

        var firstRound = Enumerable.Range(0, population).Select(_ => accounts.Next()).ToArray();
        var secondRound = Enumerable.Range(0, population).Select(_ => accounts.Next()).ToArray();

        Assert.Equal(Enumerable.Range(1, population), firstRound.Order());
        Assert.Equal(firstRound, secondRound);
    }

    [Fact]
    public void The_order_is_scattered_not_by_rank()
    {
        var accounts = new FreshAccounts(200);

        var first = Enumerable.Range(0, 5).Select(_ => accounts.Next()).ToArray();

        Assert.NotEqual([1, 2, 3, 4, 5], first);
    }
}
