using Stadium.Lab.Naming;

namespace Stadium.Lab.Export;

/// <summary>
/// Another load tool's script format that a scenario can be exported to (`stadium load export --format NAME`).
/// Registered in <see cref="ScriptFormats"/>; adding one is a file here, its runtime under Templates/ and a line there.
/// </summary>
internal interface IScriptFormat : INamed
{
    /// <summary>The whole script: a header saying what does not carry over, the plan, and the runtime. Same plan, same text.</summary>
    string Write(ExportPlan plan);
}
