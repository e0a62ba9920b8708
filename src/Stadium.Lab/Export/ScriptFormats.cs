using Stadium.Lab.Naming;

namespace Stadium.Lab.Export;

/// <summary>Every format `stadium load export` writes: the one place they are registered.</summary>
internal static class ScriptFormats
{
    public static readonly NamedRegistry<IScriptFormat> Registry = new("export format", [new K6Script(), new LocustScript()]);
}
