namespace Stadium.Service.Platform;

/// <summary>One page of a list, newest first; <c>nextCursor</c> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
