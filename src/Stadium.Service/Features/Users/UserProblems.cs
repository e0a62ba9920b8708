using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Stadium.Service.Features.Users;

/// <summary>The answer for a username that names nobody, shared by every feature that looks users up by name.</summary>
internal static class UserProblems
{
    public static ProblemHttpResult NotFound(string username) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "User not found", detail: $"No user named '{Truncate(username)}'.");

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
