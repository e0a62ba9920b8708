using Microsoft.AspNetCore.Http;

namespace Stadium.Service.Platform;

/// <summary>
/// Checks the <see cref="IValidatable"/> arguments of a handler, in parameter order, and answers 400 with their
/// field errors instead of calling it. Endpoints without such arguments get no filter at all (no per-request cost).
/// </summary>
internal static class ValidationFilter
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var positions = context.MethodInfo.GetParameters()
            .Where(p => typeof(IValidatable).IsAssignableFrom(p.ParameterType))
            .Select(p => p.Position)
            .ToArray();
        if (positions.Length == 0)
        {
            return next;
        }

        return invocation =>
        {
            var errors = new ValidationErrors();
            foreach (var position in positions)
            {
                (invocation.Arguments[position] as IValidatable)?.Validate(errors);
            }

            return errors.Any ? ValueTask.FromResult<object?>(TypedResults.ValidationProblem(errors.ToDictionary())) : next(invocation);
        };
    }
}
