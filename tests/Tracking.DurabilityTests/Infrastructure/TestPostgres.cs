using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Tracking.DurabilityTests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests run against: the connection string in env <c>TRACKING_TEST_PG</c> (set by
/// tests/run.sh), or else the local cluster that <c>deploy/postgres/start-local.sh</c> starts (idempotently),
/// as in Tracking.Postgres.Tests. Other test projects share that server, so these tests never stop it.
/// </summary>
internal static class TestPostgres
{
    private static readonly Lazy<Task<string>> Server = new(StartServerAsync);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>A connection string for creating and dropping databases.</summary>
    public static Task<string> GetAdminConnectionStringAsync() => Server.Value;

    /// <summary>Creates an empty database of its own on <paramref name="adminConnectionString"/>'s server.</summary>
    public static async Task<string> CreateDatabaseAsync(string adminConnectionString, string prefix)
    {
        var name = $"t_{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string adminConnectionString, string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Runs one of the deploy/postgres scripts and returns the last line it printed.</summary>
    public static async Task<string> RunScriptAsync(string script, string? dataDirectory = null, int? port = null)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot, "deploy", "postgres", script)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (dataDirectory is not null)
        {
            start.Environment["TRACKING_PG_DIR"] = dataDirectory;
        }

        if (port is not null)
        {
            start.Environment["TRACKING_PG_PORT"] = port.Value.ToString(CultureInfo.InvariantCulture);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot run {script}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed ({process.ExitCode}): {await stderr}");
        }

        return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
    }

    private static async Task<string> StartServerAsync()
    {
        var configured = Environment.GetEnvironmentVariable("TRACKING_TEST_PG");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        return await RunScriptAsync("start-local.sh");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Tracking.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Tracking.sln not found above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A fresh, empty database of its own on the shared test server, dropped afterwards.</summary>
internal sealed class TemporaryDatabase : IAsyncDisposable
{
    private TemporaryDatabase(string admin, string connectionString)
    {
        AdminConnectionString = admin;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public string AdminConnectionString { get; }

    public string Name => new NpgsqlConnectionStringBuilder(ConnectionString).Database!;

    public static async Task<TemporaryDatabase> CreateAsync(string prefix)
    {
        var admin = await TestPostgres.GetAdminConnectionStringAsync();
        return new TemporaryDatabase(admin, await TestPostgres.CreateDatabaseAsync(admin, prefix));
    }

    public Task<long> CountAsync(string sql) => Database.CountAsync(ConnectionString, sql);

    public ValueTask DisposeAsync() => new(TestPostgres.DropDatabaseAsync(AdminConnectionString, ConnectionString));
}

internal static class Database
{
    public static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
