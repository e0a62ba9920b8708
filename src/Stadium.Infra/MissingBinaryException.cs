namespace Stadium.Infra;

/// <summary>A server program is not installed; the message names the Debian package that provides it.</summary>
public sealed class MissingBinaryException(string program, string package, string detail)
    : Exception($"{program} not found ({detail}). Install it with: apt-get install -y {package}")
{
    public string Program { get; } = program;
    public string Package { get; } = package;
}
