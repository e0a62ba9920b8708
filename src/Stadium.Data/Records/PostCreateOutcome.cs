namespace Stadium.Data;

public enum PostCreateOutcome
{
    Created,
    Replayed,
    KeyReusedWithDifferentRequest,
}
