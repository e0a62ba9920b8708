namespace Stadium.Protection;

/// <summary>
/// What kind of work an endpoint does, declared once where it is mapped (<see cref="EndpointClassExtensions.WithEndpointClass{TBuilder}"/>).
/// Rate limits have a bucket per class, and the load shedder derives a request's priority tier from it.
/// An endpoint that declares none is a <see cref="Read"/> for GET and HEAD and a <see cref="Write"/> otherwise.
/// </summary>
public enum EndpointClass
{
    /// <summary>Reads of small, usually cached data: feed, profiles, posts, lists.</summary>
    Read,

    /// <summary>Writes a signed-in user makes: posts, follows, profile edits.</summary>
    Write,

    /// <summary>Register, log in, refresh, log out: password hashing and token issue.</summary>
    Auth,

    /// <summary>Work that fans out or runs long in the background: exports and announcements.</summary>
    Bulk,
}
