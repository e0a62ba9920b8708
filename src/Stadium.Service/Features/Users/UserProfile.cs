namespace Stadium.Service.Features.Users;

public sealed record UserProfile(long Id, string Username, string DisplayName, string Bio, int Followers, int Following, int Posts);
