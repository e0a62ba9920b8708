namespace Stadium.Lab.Journeys;

/// <summary>What a user does in one iteration. Names are the keys of a scenario's journey mix.</summary>
internal enum JourneyAction
{
    /// <summary>Open the app: log in unless a token is at hand, then read the feed (the login/feed burst).</summary>
    OpenApp,
    ReadFeed,
    PageFeed,
    OpenProfile,
    UserPosts,
    CreatePost,
    Follow,
    Unfollow,
    Export,
}

internal static class JourneyActions
{
    public static JourneyAction Parse(string name) => name.Trim().ToLowerInvariant().Replace("-", string.Empty, StringComparison.Ordinal) switch
    {
        "openapp" or "login" => JourneyAction.OpenApp,
        "readfeed" or "feed" => JourneyAction.ReadFeed,
        "pagefeed" => JourneyAction.PageFeed,
        "openprofile" or "profile" => JourneyAction.OpenProfile,
        "userposts" => JourneyAction.UserPosts,
        "createpost" or "post" => JourneyAction.CreatePost,
        "follow" => JourneyAction.Follow,
        "unfollow" => JourneyAction.Unfollow,
        "export" or "requestexport" => JourneyAction.Export,
        _ => throw new FormatException($"Unknown journey action '{name}'. Known: {string.Join(", ", Enum.GetNames<JourneyAction>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}."),
    };
}

/// <summary>Weighted choice among journey actions.</summary>
internal sealed class JourneyMix
{
    private readonly JourneyAction[] _actions;
    private readonly double[] _cumulative;

    public JourneyMix(IReadOnlyDictionary<JourneyAction, double> weights)
    {
        var positive = weights.Where(w => w.Value > 0).ToArray();
        if (positive.Length == 0)
        {
            throw new ArgumentException("A journey mix needs at least one action with a positive weight.", nameof(weights));
        }

        _actions = [.. positive.Select(w => w.Key)];
        _cumulative = new double[positive.Length];
        var sum = 0.0;
        for (var i = 0; i < positive.Length; i++)
        {
            sum += positive[i].Value;
            _cumulative[i] = sum;
        }

        Weights = positive.ToDictionary(w => w.Key, w => w.Value);
    }

    public IReadOnlyDictionary<JourneyAction, double> Weights { get; }

    /// <summary>A realistic default: reads dominate, writes are a few per cent.</summary>
    public static JourneyMix Default => new(new Dictionary<JourneyAction, double>
    {
        [JourneyAction.ReadFeed] = 45,
        [JourneyAction.PageFeed] = 10,
        [JourneyAction.OpenProfile] = 20,
        [JourneyAction.UserPosts] = 10,
        [JourneyAction.CreatePost] = 7,
        [JourneyAction.Follow] = 4,
        [JourneyAction.Unfollow] = 2,
        [JourneyAction.Export] = 2,
    });

    public static JourneyMix Parse(IReadOnlyDictionary<string, double> weights) =>
        new(weights.ToDictionary(w => JourneyActions.Parse(w.Key), w => w.Value));

    public JourneyAction Next(Random random)
    {
        var x = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, x);
        return _actions[Math.Min(index < 0 ? ~index : index, _actions.Length - 1)];
    }
}
