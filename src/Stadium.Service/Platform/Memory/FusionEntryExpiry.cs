using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace Stadium.Service.Platform.Memory;

/// <summary>
/// Whether a value FusionCache keeps in its memory cache is past its logical expiry, i.e. kept only as a fail-safe copy.
/// FusionCache exposes no public view of that, so the entry's LogicalExpirationTimestamp (UTC ticks) is read through a
/// compiled accessor per entry type; a FusionCache upgrade that renames it makes SizedMemoryCacheTests fail.
/// </summary>
internal static class FusionEntryExpiry
{
    private static readonly ConcurrentDictionary<Type, Func<object, long>?> Accessors = new();

    public static bool IsStale(object? value, long nowTicks) =>
        value is not null && Accessors.GetOrAdd(value.GetType(), Compile) is { } expiry && expiry(value) <= nowTicks;

    private static Func<object, long>? Compile(Type type)
    {
        var property = type.GetProperty("LogicalExpirationTimestamp", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        if (property?.PropertyType != typeof(long))
        {
            return null;
        }

        var value = Expression.Parameter(typeof(object));
        return Expression.Lambda<Func<object, long>>(Expression.Property(Expression.Convert(value, type), property), value).Compile();
    }
}
