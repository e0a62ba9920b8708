namespace Stadium.Chaos.Experiments;

/// <summary>
/// Jobs' effects as the cluster's shared folder holds them: <see cref="Exports"/> completed export files and
/// <see cref="Duplicates"/> export requests with more than one; <see cref="Announcements"/> emails the file-drop provider
/// delivered and <see cref="DuplicateDeliveries"/> those that repeat a recipient's copy of the same announcement.
/// </summary>
public sealed record JobsVerdict(long Exports, long Duplicates, long Announcements, long DuplicateDeliveries)
{
    public bool Passed => Duplicates == 0 && DuplicateDeliveries == 0;
}
