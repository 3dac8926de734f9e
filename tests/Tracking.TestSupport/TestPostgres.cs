using Xunit;
using System.Diagnostics;
using Npgsql;

namespace Tracking.TestSupport;

/// <summary>
/// The PostgreSQL server the tests run against: the connection string in env <c>TRACKING_TEST_PG</c>, or else the
/// local development cluster that <c>deploy/postgres/start-local.sh</c> starts (idempotently).
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<string>> Server = new(StartServerAsync);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>A connection string for creating and dropping databases.</summary>
    public static Task<string> GetAdminConnectionStringAsync() => Server.Value;

    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var admin = await GetAdminConnectionStringAsync();
        var name = $"t_{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(await GetAdminConnectionStringAsync());
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>The single number a counting query returns.</summary>
    public static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
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
            start.Environment["TRACKING_PG_PORT"] = port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
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

/// <summary>A database of its own for one test or test class, dropped afterwards.</summary>
public sealed class TemporaryDatabase : IAsyncDisposable
{
    private TemporaryDatabase(string adminConnectionString, string connectionString)
    {
        AdminConnectionString = adminConnectionString;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <summary>The server's administrative connection (for looking at it from outside the database).</summary>
    public string AdminConnectionString { get; }

    public string Name => new NpgsqlConnectionStringBuilder(ConnectionString).Database!;

    public static async Task<TemporaryDatabase> CreateAsync(string prefix) =>
        new(await TestPostgres.GetAdminConnectionStringAsync(), await TestPostgres.CreateDatabaseAsync(prefix));

    public Task<long> CountAsync(string sql) => TestPostgres.CountAsync(ConnectionString, sql);

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync() => new(TestPostgres.DropDatabaseAsync(ConnectionString));
}

/// <summary>A fresh, empty database per test class.</summary>
public class DatabaseFixture : IAsyncLifetime
{
    public TemporaryDatabase Database { get; private set; } = null!;

    public string ConnectionString => Database.ConnectionString;

    protected virtual string Prefix => "db";

    public virtual async Task InitializeAsync() => Database = await TemporaryDatabase.CreateAsync(Prefix);

    public virtual async Task DisposeAsync()
    {
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }
}
