namespace Stadium.Service.Features.Auth;

public sealed record RegisterRequest(string? Username, string? Email, string? Password);

public sealed record RegisteredUser(long Id, string Username);

public sealed record LoginRequest(string? Username, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record TokenResponse(string AccessToken, string RefreshToken, int ExpiresIn);
