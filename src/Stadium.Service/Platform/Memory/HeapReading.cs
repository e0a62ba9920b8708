namespace Stadium.Service.Platform.Memory;

/// <summary>
/// The managed heap now (bytes allocated and not yet collected), what survived the latest full collection (null before
/// the first), and how many full collections the process has had.
/// </summary>
internal readonly record struct HeapReading(long Bytes, long? LiveAfterFullCollection, int FullCollections);
