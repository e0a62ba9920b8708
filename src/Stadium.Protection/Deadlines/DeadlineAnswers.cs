using Microsoft.AspNetCore.Http;

namespace Stadium.Protection.Deadlines;

/// <summary>
/// The 504 problem a request gets when its deadline passed before its answer was ready. For a write it says the write
/// was not applied, and that holds: the store commits with no cancellation token (a commit is never cut in half), and
/// what runs after a commit uses the after-commit token, so a deadline can only cancel a write before its commit; once
/// committed, the write's normal answer goes out even late.
/// </summary>
internal static class DeadlineAnswers
{
    public const string Title = "Deadline exceeded";

    public static string Detail(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method)
            ? "The request's deadline passed before its answer was ready; retry later."
            : "Not applied: the deadline passed before the write committed. Nothing was changed; retrying is safe.";

    /// <summary>A cancellation, possibly wrapped (a driver's exception around the OperationCanceledException of its token).</summary>
    public static bool IsCancellation(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is OperationCanceledException)
            {
                return true;
            }
        }

        return false;
    }
}
