namespace Stadium.Lab.Scenarios;

/// <summary>Marks a scenario key whose value is a duration (<see cref="DurationText"/>), so a bad one is reported with its key and line.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class DurationValueAttribute : Attribute;
