using System.Diagnostics;
using Tracking.BrowserTests.Infrastructure;

namespace Tracking.BrowserTests;

/// <summary>The web client's own unit tests (node --test in clients/web), so that the solution's test run includes them.</summary>
public sealed class WebUnitTests
{
    [Fact]
    public async Task Web_client_unit_tests_pass()
    {
        var dir = Path.Combine(Paths.RepositoryRoot, "clients", "web");
        var start = new ProcessStartInfo("node") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--test");
        start.ArgumentList.Add("test/");
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, $"node --test failed ({node.ExitCode}):\n{await stdout}\n{await stderr}");
        Assert.Contains("# fail 0", await stdout);
    }
}
