namespace Stadium.Infra;

/// <summary>One server an <c>up</c> started. Pid is 0 until the server has started.</summary>
public sealed record ServerRecord(string Name, string Role, string Kind, int Port, string DataDir, int Pid);
