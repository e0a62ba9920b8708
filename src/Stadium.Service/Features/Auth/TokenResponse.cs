using Stadium.Service.Platform;

namespace Stadium.Service.Features.Auth;

[OpenApiExample("""{"accessToken":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl","refreshToken":"q3kJ9vY2mB7xT1pL5sW8nR4aE6dH0fGcZuNiOyXw2Ab","expiresIn":900}""")]
public sealed record TokenResponse(string AccessToken, string RefreshToken, int ExpiresIn);
