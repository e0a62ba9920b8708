using System.Net.Sockets;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Http;

/// <summary>Maps a failed send to the error kinds users ask about: timeouts, resets, refused connections.</summary>
internal static class FailureClassifier
{
    public static ErrorKind Classify(Exception failure)
    {
        if (failure is TaskCanceledException or TimeoutException || failure.InnerException is TimeoutException)
        {
            return ErrorKind.Timeout;
        }

        for (var inner = failure; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => ErrorKind.ConnectionRefused,
                    SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => ErrorKind.ConnectionReset,
                    SocketError.TimedOut => ErrorKind.Timeout,
                    _ => ErrorKind.Other,
                };
            }
        }

        if (failure is HttpRequestException http)
        {
            return http.HttpRequestError switch
            {
                HttpRequestError.ResponseEnded => ErrorKind.ConnectionReset,
                HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError => ErrorKind.ProtocolError,
                _ => ErrorKind.Other,
            };
        }

        return failure is IOException ? ErrorKind.ConnectionReset : ErrorKind.Other;
    }
}
