namespace Stadium.Service.Features.Exports.Text;

/// <summary>A stretch of a line drawn with one font.</summary>
internal sealed record FontRun(string Text, ExportFont Font);
