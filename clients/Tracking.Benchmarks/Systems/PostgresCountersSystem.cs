using Npgsql;
using NpgsqlTypes;
using Tracking.Benchmarks.Infrastructure;
using Tracking.Clients.Common.Workload;

namespace Tracking.Benchmarks.Systems;

/// <summary>
/// (c) A PostgreSQL-only baseline as a user would build it: a counters table (board, member) → value, each batch
/// one transaction — one upsert of every changed row (summed over the batch, from arrays, in key order) and one
/// <c>pg_notify</c> per event — sent as one round trip; a listener connection receives the notifications, which
/// PostgreSQL delivers at commit. Same cluster, same durability as (a): synchronous_commit on, fsync on. It stores
/// no event log and does not deduplicate event ids: less work than (a) does.
/// </summary>
public sealed class PostgresCountersSystem(LocalPostgres pg, string runId) : IBenchSystem
{
    private const string Channel = "tracking";

    private const string UpsertSql = """
        INSERT INTO counters (board, member, value)
        SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[])
        ON CONFLICT (board, member) DO UPDATE SET value = counters.value + excluded.value
        """;

    private const string NotifySql = "SELECT count(pg_notify('tracking', m)) FROM unnest($1::text[]) AS m";

    private readonly string _database = $"bench_{runId}_counters";
    private readonly SubscriberLog _log = new();
    private readonly CancellationTokenSource _stop = new();
    private NpgsqlDataSource? _source;
    private NpgsqlConnection? _listener;
    private Task? _listening;
    private Organisation? _org;

    public string Label => "(c)";
    public string Title => "PostgreSQL counters + NOTIFY";
    public string Durability => "transaction committed (fsync) before the reply";
    public LocalPostgres? Postgres => pg;
    public IReadOnlyList<int> Processes => [];

    public async Task StartAsync(Organisation org, CancellationToken cancel)
    {
        _org = org;
        await pg.CreateDatabaseAsync(_database, cancel);
        // Statements prepared once per connection, as a careful user would set up.
        _source = NpgsqlDataSource.Create(pg.ConnectionString(_database, "Max Auto Prepare=10;Auto Prepare Min Usages=1;No Reset On Close=true;Application Name=bench-counters"));
        await using (var create = _source.CreateCommand("""
            CREATE TABLE counters (
                board  text    NOT NULL,
                member text    NOT NULL,
                value  numeric NOT NULL,
                PRIMARY KEY (board, member))
            """))
            await create.ExecuteNonQueryAsync(cancel);

        _listener = await _source.OpenConnectionAsync(cancel);
        _listener.Notification += (_, e) => _log.OnMessage(e.Payload.AsSpan());
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", _listener)) await listen.ExecuteNonQueryAsync(cancel);
        _listening = Task.Run(async () =>
        {
            try
            {
                while (!_stop.IsCancellationRequested) await _listener.WaitAsync(_stop.Token);
            }
            catch (OperationCanceledException) { }
        });
    }

    public async Task<int> SendAsync(Batch batch, CancellationToken cancel)
    {
        var changes = Boards.Changes(batch, _org!);
        var boards = new string[changes.Count];
        var members = new string[changes.Count];
        var values = new decimal[changes.Count];
        for (var i = 0; i < changes.Count; i++) (boards[i], members[i], values[i]) = changes[i];
        var messages = new string[batch.Events.Length];
        for (var i = 0; i < messages.Length; i++) messages[i] = Boards.Message(batch.Events[i], batch.Tag(i));

        await using var connection = await _source!.OpenConnectionAsync(cancel);
        // One round trip: a batch of statements runs as one implicit transaction, committed at its end.
        await using var sql = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(UpsertSql)
                {
                    Parameters =
                    {
                        new NpgsqlParameter { Value = boards, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                        new NpgsqlParameter { Value = members, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                        new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric },
                    },
                },
                new NpgsqlBatchCommand(NotifySql)
                {
                    Parameters = { new NpgsqlParameter { Value = messages, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text } },
                },
            },
        };
        await sql.ExecuteNonQueryAsync(cancel);
        return 1;
    }

    public async Task<SubscriberLatency?> SubscriberLatencyAsync(IReadOnlyList<BatchRecord> all, Func<BatchRecord, bool> measured, TimeSpan drain) =>
        await _log.LatencyAsync(all, measured, drain, "commit reply → NOTIFY receipt of the batch's last event");

    public string Describe() => "counters(board, member, value) upserted from arrays + pg_notify per event, one implicit transaction (one round trip) per batch, LISTEN on its own connection";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_listening is not null) await _listening;
        if (_listener is not null) await _listener.DisposeAsync();
        if (_source is not null) await _source.DisposeAsync();
        _stop.Dispose();
        try { await pg.DropDatabaseAsync(_database); }
        catch (NpgsqlException) { }
    }
}
