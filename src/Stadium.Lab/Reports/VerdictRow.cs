namespace Stadium.Lab.Reports;

/// <summary>One line of the verdict a tool that runs the lab adds to its report (`stadium chaos run`, `stadium rehearse`): what was checked, what was found, and whether it held.</summary>
public sealed record VerdictRow(string Check, string Result, bool Passed);
