namespace Stadium.Protection.RateLimits;

/// <summary>One bucket size per <see cref="EndpointClass"/>, for one scope (signed-in users, or client addresses).</summary>
public sealed class ClassQuotas
{
    public BucketQuota Read { get; set; } = new();

    public BucketQuota Write { get; set; } = new();

    public BucketQuota Auth { get; set; } = new();

    public BucketQuota Bulk { get; set; } = new();

    public BucketQuota For(EndpointClass endpointClass) => endpointClass switch
    {
        EndpointClass.Read => Read,
        EndpointClass.Write => Write,
        EndpointClass.Auth => Auth,
        EndpointClass.Bulk => Bulk,
        _ => throw new ArgumentOutOfRangeException(nameof(endpointClass), endpointClass, null),
    };
}
