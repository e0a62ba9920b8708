namespace Stadium.Data.Providers;

public enum StoreFailure
{
    /// <summary>Not a store failure (a fault of the code, or a client's).</summary>
    None,

    /// <summary>No pooled connection came free in time: the database may be healthy but every connection is busy.</summary>
    Busy,

    /// <summary>The database did not answer (in time): the statement may or may not have been applied.</summary>
    Unavailable,
}
