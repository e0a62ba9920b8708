namespace Stadium.Service.Platform.Memory;

/// <summary>
/// The managed heap's size now (everything it occupies, the free space between objects included: what the process's
/// memory follows), what survived the latest full collection of either kind (null before the first), and the index of
/// the latest blocking full collection (0 before the first): the one kind that compacts the heap and gives memory back.
/// </summary>
internal readonly record struct HeapReading(long Bytes, long? LiveAfterFullCollection, long LastBlockingCollection);
