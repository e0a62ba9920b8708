namespace Stadium.Service.Features.Auth;

public sealed record TokenResponse(string AccessToken, string RefreshToken, int ExpiresIn);
