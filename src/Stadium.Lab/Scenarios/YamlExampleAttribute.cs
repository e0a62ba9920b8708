namespace Stadium.Lab.Scenarios;

/// <summary>
/// How a value of this section, list or mapping is written, quoted by the error message when a file gives it another
/// shape ("'thinkTime' at line 7 must be a mapping like { min: 500ms, max: 2s }").
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property)]
internal sealed class YamlExampleAttribute(string example) : Attribute
{
    public string Example { get; } = example;
}
