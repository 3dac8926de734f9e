using Xunit.Abstractions;

namespace Tracking.DurabilityTests.Infrastructure;

/// <summary>
/// Base of a test that runs server processes: they are killed when the test ends whatever happens, and when the
/// test fails their last log lines go into the test's output.
/// </summary>
public abstract class ServerTest(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<TrackingServer> _servers = [];

    protected ITestOutputHelper Output { get; } = output;

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
    }

    internal TrackingServer Server(string name, string connectionString, params string[] extraArguments)
    {
        var server = new TrackingServer(name, connectionString, extraArguments);
        _servers.Add(server);
        return server;
    }

    /// <summary>Runs the test body; on failure, adds every server's log tail to the output and rethrows.</summary>
    protected async Task WithServerLogsOnFailureAsync(Func<Task> body)
    {
        try
        {
            await body();
        }
        catch
        {
            foreach (var server in _servers) Output.WriteLine(server.LogTail());
            throw;
        }
    }

    protected void Print(string line) => Figures.Print(Output, line);
}
