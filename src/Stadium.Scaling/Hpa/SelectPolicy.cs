namespace Stadium.Scaling.Hpa;

/// <summary>Which of several policies bounds a change: the one allowing the most (Max), the least (Min), or none at all.</summary>
public enum SelectPolicy
{
    Max,
    Min,
    Disabled,
}
