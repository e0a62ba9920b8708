namespace Stadium.Commands;

/// <summary>The body `stadium ceiling` answers: the smallest JSON a real endpoint could send.</summary>
internal sealed record Greeting(string Message);
