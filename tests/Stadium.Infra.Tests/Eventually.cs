namespace Stadium.Infra.Tests;

/// <summary>Polls a condition that becomes true asynchronously (replication), failing the test after a timeout.</summary>
internal static class Eventually
{
    public static async Task<bool> BecomesTrueAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(10);
        }

        return await condition();
    }
}
