namespace Tracking.BrowserTests.Infrastructure;

public static class Paths
{
    /// <summary>The repository's root: the nearest folder above the test binaries that holds Tracking.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration these tests were built with (the host is run from the same one).</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    /// <summary>Where screenshots go: TestResults/screenshots (the results folder tests/run.sh keeps).</summary>
    public static string Screenshots
    {
        get
        {
            var dir = Path.Combine(RepositoryRoot, "TestResults", "screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tracking.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Tracking.sln above {AppContext.BaseDirectory}.");
    }
}
