namespace Stadium.Service.Platform;

/// <summary>Whether the node has warmed up (its caches and connections); readiness waits for it.</summary>
internal sealed class WarmupState
{
    private volatile bool _done;

    public bool Done => _done;

    public void MarkDone() => _done = true;
}
