namespace Stadium.Infra.Fleet;

/// <summary>The body of the control API's <c>POST /scale</c>: either count may be left out.</summary>
public sealed record ScaleRequest(int? Api, int? Workers);
