using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;
using Tracking.Benchmarks.Infrastructure;
using Tracking.Clients.Common.Workload;

namespace Tracking.Benchmarks.Systems;

/// <summary>
/// (d) The ceiling: the rows the server's event log holds for the same events (event id, agent, the agent's
/// sequence, occurrence time, type, JSON payload) written with binary COPY into a table made by the server's own
/// migration (<c>deploy/sql/004_event_log.sql</c>: same primary key and unique index), one COPY — one transaction,
/// committed with fsync — per batch, the senders in parallel. No counters, no subscriber.
/// </summary>
public sealed class PostgresCopySystem(LocalPostgres pg, string runId, string repoRoot) : IBenchSystem
{
    private readonly string _database = $"bench_{runId}_copy";
    private readonly ConcurrentDictionary<string, long> _sequences = new(StringComparer.Ordinal);
    private NpgsqlDataSource? _source;

    public string Label => "(d)";
    public string Title => "PostgreSQL COPY (ceiling)";
    public string Durability => "COPY committed (fsync) before the reply";
    public LocalPostgres? Postgres => pg;
    public IReadOnlyList<int> Processes => [];

    public async Task StartAsync(Organisation org, CancellationToken cancel)
    {
        await pg.CreateDatabaseAsync(_database, cancel);
        _source = NpgsqlDataSource.Create(pg.ConnectionString(_database, "No Reset On Close=true;Application Name=bench-copy"));
        var ddl = await File.ReadAllTextAsync(Path.Combine(repoRoot, "deploy", "sql", "004_event_log.sql"), cancel);
        await using var create = _source.CreateCommand(ddl);
        await create.ExecuteNonQueryAsync(cancel);
    }

    public async Task<int> SendAsync(Batch batch, CancellationToken cancel)
    {
        await using var connection = await _source!.OpenConnectionAsync(cancel);
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY event_log (event_id, agent_id, seq, occurred_at, type, payload) FROM STDIN (FORMAT BINARY)", cancel))
        {
            foreach (var e in batch.Events)
            {
                // An agent belongs to one sender: its sequence is only ever advanced by one thread.
                var seq = _sequences.AddOrUpdate(e.AgentId, 1, (_, s) => s + 1);
                await copy.StartRowAsync(cancel);
                await copy.WriteAsync(e.EventId, NpgsqlDbType.Text, cancel);
                await copy.WriteAsync(e.AgentId, NpgsqlDbType.Text, cancel);
                await copy.WriteAsync(seq, NpgsqlDbType.Bigint, cancel);
                await copy.WriteAsync(e.OccurredAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancel);
                await copy.WriteAsync(e.TypeName, NpgsqlDbType.Text, cancel);
                await copy.WriteAsync(Boards.EventLogPayload(e), NpgsqlDbType.Jsonb, cancel);
            }
            await copy.CompleteAsync(cancel);
        }
        return 1;
    }

    public Task<SubscriberLatency?> SubscriberLatencyAsync(IReadOnlyList<BatchRecord> all, Func<BatchRecord, bool> measured, TimeSpan drain) =>
        Task.FromResult<SubscriberLatency?>(null);

    public string Describe() => "binary COPY into event_log (deploy/sql/004_event_log.sql), one transaction per batch";

    public async ValueTask DisposeAsync()
    {
        if (_source is not null) await _source.DisposeAsync();
        try { await pg.DropDatabaseAsync(_database); }
        catch (NpgsqlException) { }
    }
}
