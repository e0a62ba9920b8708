namespace Stadium.Data;

public enum DeleteOutcome
{
    Deleted,
    NotFound,
    Forbidden,
}
