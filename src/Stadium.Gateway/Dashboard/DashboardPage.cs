namespace Stadium.Gateway.Dashboard;

/// <summary>The live page, <c>fleet-dashboard.html</c> embedded in the assembly: plain JavaScript and inline SVG, nothing fetched from elsewhere.</summary>
internal static class DashboardPage
{
    public const string ResourceName = "Stadium.Gateway.Dashboard.fleet-dashboard.html";

    public static string Html { get; } = Read();

    private static string Read()
    {
        using var stream = typeof(DashboardPage).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The dashboard page is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
