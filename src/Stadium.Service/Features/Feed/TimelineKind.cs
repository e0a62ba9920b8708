namespace Stadium.Service.Features.Feed;

public enum TimelineKind
{
    Home,
    Author,
}
