namespace Stadium.Data;

internal static class Atomic
{
    /// <summary>Raises <paramref name="target"/> to <paramref name="value"/> unless it is already higher, without a lock.</summary>
    public static void Max(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
