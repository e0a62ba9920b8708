namespace Stadium.Lab.Top;

/// <summary>The target of <c>stadium top</c> could not be read; the message names it and says why.</summary>
public sealed class TopTargetException : Exception
{
    public TopTargetException()
    {
    }

    public TopTargetException(string message)
        : base(message)
    {
    }

    public TopTargetException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
