namespace Stadium.Service.Platform;

/// <summary>
/// A request value that checks itself. The /v1 route group's <see cref="ValidationFilter"/> checks every such
/// handler argument before the handler runs and answers one RFC 9457 validation problem with all field errors.
/// </summary>
public interface IValidatable
{
    void Validate(ValidationErrors errors);
}
