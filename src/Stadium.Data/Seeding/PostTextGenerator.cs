using System.Text;

namespace Stadium.Data.Seeding;

/// <summary>Post bodies with a long-tailed length distribution: mostly short, some near the 4,000 limit.</summary>
internal sealed class PostTextGenerator(Random random)
{
    private static readonly string[] Words =
    [
        "stadium", "crowd", "match", "score", "goal", "team", "season", "coach", "fans", "ticket", "tonight", "today",
        "great", "play", "win", "lost", "draw", "league", "cup", "final", "city", "home", "away", "pitch", "kick",
        "the", "a", "and", "of", "to", "in", "is", "it", "that", "was", "for", "on", "with", "as", "at", "by",
        "what", "a", "game", "really", "never", "always", "new", "best", "worst", "half", "time", "minute", "replay",
        "coffee", "rain", "sun", "train", "late", "early", "weekend", "friends", "family", "music", "news", "story",
        "café", "naïve", "über", "日本", "ñandú", "👍", "⚽", "🎉", "straße", "αβγ", "привет",
    ];

    private readonly StringBuilder _builder = new(4096);

    public int NextLength()
    {
        // Log-normal with a median near 80 characters and a long tail, capped at the API limit.
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var length = (int)Math.Exp(Math.Log(80) + (0.9 * normal));
        return Math.Clamp(length, 1, 4000);
    }

    public string Next()
    {
        var length = NextLength();
        _builder.Clear();
        while (_builder.Length < length)
        {
            if (_builder.Length > 0)
            {
                _builder.Append(' ');
            }

            _builder.Append(Words[random.Next(Words.Length)]);
        }

        // Never cut a surrogate pair in half: the API rejects lone surrogates and so must the seed.
        var end = Math.Min(length, _builder.Length);
        if (end > 0 && char.IsHighSurrogate(_builder[end - 1]))
        {
            end--;
        }

        return end == 0 ? "hi" : _builder.ToString(0, end);
    }
}
