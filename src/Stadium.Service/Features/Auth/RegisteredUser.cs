namespace Stadium.Service.Features.Auth;

public sealed record RegisteredUser(long Id, string Username);
