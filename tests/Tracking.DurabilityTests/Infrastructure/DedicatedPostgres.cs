using Tracking.TestSupport;
using System.Net;
using System.Net.Sockets;

namespace Tracking.DurabilityTests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of its own (deploy/postgres/start-local.sh with its own TRACKING_PG_DIR and port), for a
/// test that stops and starts the database: the shared test server must stay up for the other test projects.
/// Removed, data directory and all, on dispose.
/// </summary>
internal sealed class DedicatedPostgres : IAsyncDisposable
{
    private DedicatedPostgres(string dataDirectory, int port, string connectionString)
    {
        DataDirectory = dataDirectory;
        Port = port;
        ConnectionString = connectionString;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>The cluster's fresh <c>tracking</c> database, created by start-local.sh.</summary>
    public string ConnectionString { get; }

    public static async Task<DedicatedPostgres> StartAsync()
    {
        var directory = $"/tmp/tracking-pg-durability-{Environment.ProcessId}";
        await RemoveAsync(directory);
        var port = FreePorts.Next();
        var connectionString = await TestPostgres.RunScriptAsync("start-local.sh", directory, port);
        return new DedicatedPostgres(directory, port, connectionString);
    }

    /// <summary><c>pg_ctl stop -m fast</c> (as the postgres user when root), waiting until it is down.</summary>
    public async Task StopAsync()
    {
        await TestPostgres.RunScriptAsync("stop-local.sh", DataDirectory);
    }

    /// <summary>Starts the stopped cluster again on the same port, with its data.</summary>
    public async Task StartAgainAsync()
    {
        await TestPostgres.RunScriptAsync("start-local.sh", DataDirectory, Port);
    }

    public async ValueTask DisposeAsync() => await RemoveAsync(DataDirectory);

    private static async Task RemoveAsync(string directory)
    {
        if (Directory.Exists(directory))
        {
            await TestPostgres.RunScriptAsync("stop-local.sh", directory);
            Directory.Delete(directory, recursive: true);
        }

        foreach (var file in new[] { directory + ".lock", directory + ".initdb.log" })
        {
            File.Delete(file);
        }
    }
}

/// <summary>Ports nobody listens on right now (the OS picks them), for server processes started by a test.</summary>
internal static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
