namespace Stadium.Lab.Thresholds;

internal enum Comparison
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}
