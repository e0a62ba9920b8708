namespace Stadium.Lab.Scenarios;

/// <summary>What one value of a scenario file must look like, read from the property that receives it.</summary>
/// <param name="Section">For <see cref="ValueKind.Section"/>: the class whose properties are its keys.</param>
/// <param name="Item">For <see cref="ValueKind.List"/> and <see cref="ValueKind.Map"/>: the shape of each entry.</param>
/// <param name="Minimum">For <see cref="ValueKind.Number"/>: the least value it takes, when it has one.</param>
internal sealed record ValueShape(ValueKind Kind, Type? Section = null, ValueShape? Item = null, string? Example = null, MinimumAttribute? Minimum = null);
