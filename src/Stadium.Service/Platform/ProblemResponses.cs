using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Stadium.Data.Providers;
using Stadium.Protection.Deadlines;
using Stadium.Protection.Dependencies;

namespace Stadium.Service.Platform;

/// <summary>
/// Turns client mistakes that surface as exceptions (unreadable JSON, oversize bodies) into 4xx
/// problem+json; anything else is a real fault and becomes a 500 without internals.
/// </summary>
internal sealed partial class ProblemResponses(IProblemDetailsService problems, IStoreErrors storeErrors, ILogger<ProblemResponses> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, "Request body too large", "The request body is larger than this API accepts."),
            // A body without a Content-Type: answered like one with the wrong type (the framework's 415), not as "Bad request".
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } =>
                (StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type", "Send the body as application/json."),
            BadHttpRequestException { InnerException: JsonException json } =>
                (StatusCodes.Status400BadRequest, "Malformed JSON", Describe(json)),
            BadHttpRequestException bad =>
                (bad.StatusCode, "Bad request", RequestBinding.Describe(bad)),
            JsonException json =>
                (StatusCodes.Status400BadRequest, "Malformed JSON", Describe(json)),
            // Before the store's own classification: a statement the deadline cancelled is the deadline's, not a store fault.
            _ when httpContext.Features.Get<RequestDeadline>() is { Exceeded: true } && DeadlineAnswers.IsCancellation(exception) =>
                (StatusCodes.Status504GatewayTimeout, DeadlineAnswers.Title, DeadlineAnswers.Detail(httpContext.Request.Method)),
            DependencyUnavailableException dependency => DependencyProblem.Describe(dependency),
            _ when storeErrors.Classify(exception) is StoreFailure.Busy =>
                (StatusCodes.Status503ServiceUnavailable, "Database busy", "No database connection became free in time; retry shortly."),
            // Not "nothing was written": an answer lost after the commit left the server would still have written.
            _ when storeErrors.Classify(exception) is StoreFailure.Unavailable =>
                (StatusCodes.Status503ServiceUnavailable, "Store unavailable",
                    "The database did not answer in time; retry shortly (with the same Idempotency-Key, a retried create makes one post)."),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested =>
                (499, "Client closed request", null),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", null),
        };

        // A deadline is not a fault: under overload there are many, and a stack trace each would add load to a node that has too much.
        if (status >= 500 && status != StatusCodes.Status504GatewayTimeout)
        {
            LogFault(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }
        else if (status == StatusCodes.Status504GatewayTimeout)
        {
            // At Debug only: where each deadline caught its request (the cancellation's stack), what a slow spell waited on.
            LogDeadline(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = DependencyProblem.RetryAfter(exception);
        }

        // A value of the wrong type or format is a field-level error, answered like any other validation error.
        var field = status == StatusCodes.Status400BadRequest ? RequestBinding.Field(exception) : null;
        var problem = field is null
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field.Value.Name] = [field.Value.Message] });
        problem.Status = status;
        problem.Title = title;
        problem.Detail = detail;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = problem });
    }

    private static string Describe(JsonException json) =>
        json.Path is { Length: > 1 } path ? $"The body is not valid JSON for this request at '{path}'." : "The body is not valid JSON for this request.";

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled fault on {Method} {Path}")]
    private static partial void LogFault(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deadline exceeded on {Method} {Path}")]
    private static partial void LogDeadline(ILogger logger, Exception exception, string method, string path);
}
