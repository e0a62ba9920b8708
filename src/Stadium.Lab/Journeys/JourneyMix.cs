using Stadium.Lab.Journeys.Actions;

namespace Stadium.Lab.Journeys;

/// <summary>Weighted choice among journey actions.</summary>
internal sealed class JourneyMix
{
    private readonly IJourneyAction[] _actions;
    private readonly double[] _cumulative;

    public JourneyMix(IReadOnlyDictionary<IJourneyAction, double> weights)
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

    public IReadOnlyDictionary<IJourneyAction, double> Weights { get; }

    /// <summary>A realistic default: reads dominate, writes are a few per cent.</summary>
    public static JourneyMix Default => new(new Dictionary<IJourneyAction, double>
    {
        [JourneyActions.ReadFeed] = 45,
        [JourneyActions.PageFeed] = 10,
        [JourneyActions.OpenProfile] = 20,
        [JourneyActions.UserPosts] = 10,
        [JourneyActions.CreatePost] = 7,
        [JourneyActions.Follow] = 4,
        [JourneyActions.Unfollow] = 2,
        [JourneyActions.Export] = 2,
    });

    public static JourneyMix Parse(IReadOnlyDictionary<string, double> weights) =>
        new(weights.ToDictionary(w => JourneyActions.Registry.Get(w.Key), w => w.Value));

    public IJourneyAction Next(Random random)
    {
        var x = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, x);
        return _actions[Math.Min(index < 0 ? ~index : index, _actions.Length - 1)];
    }
}
