using System.Text;

namespace Stadium.Lab.Journeys;

/// <summary>
/// Post lengths drawn from a log-normal distribution (most posts are short, a few are long),
/// clamped to [Min, Max] characters; the text itself is plain words.
/// </summary>
internal sealed record PostBodySizes(int MinChars = 8, int MedianChars = 120, int MaxChars = 2000, double Sigma = 0.9)
{
    private static readonly string[] Words =
    [
        "match", "goal", "crowd", "stadium", "ticket", "season", "coach", "striker", "keeper", "derby",
        "anthem", "tonight", "replay", "injury", "transfer", "league", "final", "pitch", "fans", "score",
    ];

    public int NextLength(Random random)
    {
        // Box-Muller: one standard normal from two uniforms.
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var length = MedianChars * Math.Exp(Sigma * normal);
        return (int)Math.Clamp(Math.Round(length), MinChars, MaxChars);
    }

    public string NextText(Random random)
    {
        var length = NextLength(random);
        var text = new StringBuilder(length + 16);
        while (text.Length < length)
        {
            text.Append(Words[random.Next(Words.Length)]).Append(' ');
        }

        return text.ToString(0, length).TrimEnd() is { Length: > 0 } trimmed ? trimmed : "post";
    }
}
