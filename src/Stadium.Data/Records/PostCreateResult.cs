namespace Stadium.Data;

/// <param name="Author">On <see cref="PostCreateOutcome.Created"/>, the author's row after the write, read in its transaction.</param>
public sealed record PostCreateResult(PostCreateOutcome Outcome, PostRecord? Post, UserRecord? Author = null);
