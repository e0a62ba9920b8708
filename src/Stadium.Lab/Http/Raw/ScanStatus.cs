namespace Stadium.Lab.Http.Raw;

/// <summary>Where a response stands after the bytes seen so far.</summary>
internal enum ScanStatus
{
    /// <summary>The response is not finished; feed the unconsumed bytes again with more behind them.</summary>
    NeedMore,

    /// <summary>The whole response (status line, headers, body) has been consumed.</summary>
    Complete,

    /// <summary>Not an HTTP/1.x response this scanner can frame; the connection cannot be trusted any more.</summary>
    Malformed,
}
