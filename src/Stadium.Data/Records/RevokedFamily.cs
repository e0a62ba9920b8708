namespace Stadium.Data;

public sealed record RevokedFamily(Guid FamilyId, DateTimeOffset RevokedAt);
