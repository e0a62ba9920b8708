namespace Stadium.Lab.Dashboard;

/// <summary>The live page, <c>dashboard.html</c> embedded in the assembly: plain JavaScript and inline SVG, nothing fetched from elsewhere.</summary>
internal static class DashboardPage
{
    public static string Html { get; } = Read();

    private static string Read()
    {
        using var stream = typeof(DashboardPage).Assembly.GetManifestResourceStream("Stadium.Lab.Dashboard.dashboard.html")
            ?? throw new InvalidOperationException("The dashboard page is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
