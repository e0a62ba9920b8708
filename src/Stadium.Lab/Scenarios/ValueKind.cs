namespace Stadium.Lab.Scenarios;

/// <summary>The kinds of value a scenario key takes; each has its own check and message in <see cref="ScenarioShapeCheck"/>.</summary>
internal enum ValueKind
{
    Text,
    Duration,
    Number,
    WholeNumber,
    List,
    Map,
    Section,
}
