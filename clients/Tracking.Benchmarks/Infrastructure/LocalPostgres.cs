using System.Diagnostics;
using Npgsql;
using Tracking.Clients.Common.Measurement;

namespace Tracking.Benchmarks.Infrastructure;

/// <summary>
/// The benchmark's own PostgreSQL cluster, started by <c>deploy/postgres/start-local.sh</c> in a directory and on
/// a port of its own (so its CPU is the benchmark's alone, and other people's tests are not disturbed): fsync
/// and synchronous_commit on, as the script sets them. Each system gets a fresh database.
/// </summary>
public sealed class LocalPostgres
{
    private readonly string _repoRoot;
    private readonly string _dataDir;
    private bool _startedHere;

    private LocalPostgres(string repoRoot, string dataDir, string adminConnectionString)
    {
        _repoRoot = repoRoot;
        _dataDir = dataDir;
        AdminConnectionString = adminConnectionString;
    }

    /// <summary>The connection string the script printed (its database is the admin database for CREATE/DROP).</summary>
    public string AdminConnectionString { get; }

    public static async Task<LocalPostgres> StartAsync(string repoRoot, string dataDir, int port, CancellationToken cancel)
    {
        var script = Path.Combine(repoRoot, "deploy", "postgres", "start-local.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.Environment["TRACKING_PG_DIR"] = dataDir;
        start.Environment["TRACKING_PG_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["TRACKING_PG_DB"] = "bench_admin";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var log = await stderr;
        if (process.ExitCode != 0 || lines.Length == 0)
            throw new InvalidOperationException($"{script} failed (exit code {process.ExitCode}):\n{log}");
        var pg = new LocalPostgres(repoRoot, dataDir, lines[^1].Trim()) { _startedHere = log.Contains("started", StringComparison.Ordinal) };
        return pg;
    }

    /// <summary>The postmaster's process id (first line of postmaster.pid).</summary>
    public int? PostmasterPid
    {
        get
        {
            try
            {
                var first = File.ReadLines(Path.Combine(_dataDir, "postmaster.pid")).FirstOrDefault();
                return int.TryParse(first, out var pid) ? pid : null;
            }
            catch (IOException) { return null; }
            catch (UnauthorizedAccessException) { return null; }
        }
    }

    /// <summary>CPU of the whole cluster: postmaster, backends (live and exited), WAL writer, checkpointer.</summary>
    public TimeSpan? Cpu() => PostmasterPid is { } pid ? ProcInfo.ProcessAndChildrenCpu(pid) : null;

    /// <summary>Memory of the whole cluster now: the sum of every process's proportional set size (shared buffers counted once).</summary>
    public long? Memory()
    {
        if (PostmasterPid is not { } pid) return null;
        long total = ProcInfo.Pss(pid) ?? 0;
        foreach (var child in ProcInfo.Children(pid)) total += ProcInfo.Pss(child) ?? 0;
        return total;
    }

    public string ConnectionString(string database, string? extra = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database };
        return extra is null ? builder.ConnectionString : builder.ConnectionString + ";" + extra;
    }

    public async Task CreateDatabaseAsync(string name, CancellationToken cancel)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancel);
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection)) await drop.ExecuteNonQueryAsync(cancel);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync(cancel);
    }

    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Stops the cluster if this run started it (stop-local.sh with the same directory).</summary>
    public async Task StopIfStartedHereAsync()
    {
        if (!_startedHere) return;
        var stop = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        stop.ArgumentList.Add(Path.Combine(_repoRoot, "deploy", "postgres", "stop-local.sh"));
        stop.Environment["TRACKING_PG_DIR"] = _dataDir;
        using var process = Process.Start(stop);
        if (process is not null) await process.WaitForExitAsync();
    }
}
