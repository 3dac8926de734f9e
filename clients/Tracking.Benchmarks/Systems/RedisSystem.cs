using StackExchange.Redis;
using Tracking.Benchmarks.Infrastructure;
using Tracking.Clients.Common.Workload;

namespace Tracking.Benchmarks.Systems;

/// <summary>
/// (b) A Redis baseline as a user would build it: the boards are sorted sets (one per branch, metric, period and
/// agents/teams), each batch one pipeline of ZINCRBY per changed (board, member) — summed over the batch — and
/// one PUBLISH per event to the branch's channel, which a subscriber on its own connection receives. Durable with
/// <c>appendfsync always</c> (the reply comes after the AOF is fsynced); with <c>everysec</c> a crash loses up to a
/// second. It stores no event log and does not deduplicate event ids: less work than (a) does.
/// </summary>
public sealed class RedisSystem(string fsync) : IBenchSystem
{
    private readonly SubscriberLog _log = new();
    private RedisServer? _server;
    private ConnectionMultiplexer? _writer;
    private ConnectionMultiplexer? _subscriber;
    private Organisation? _org;

    public string Label => fsync == "always" ? "(b)" : "(b')";
    public string Title => $"Redis, appendfsync {fsync}";
    public string Durability => fsync == "always" ? "AOF fsynced before each reply" : "AOF fsynced once a second (up to 1 s lost)";
    public LocalPostgres? Postgres => null;
    public IReadOnlyList<int> Processes => _server is null ? [] : [_server.Pid];

    public async Task StartAsync(Organisation org, CancellationToken cancel)
    {
        _org = org;
        _server = await RedisServer.StartAsync(fsync, cancel);
        _writer = await ConnectionMultiplexer.ConnectAsync(Config(_server.Endpoint));
        _subscriber = await ConnectionMultiplexer.ConnectAsync(Config(_server.Endpoint));
        var channel = await _subscriber.GetSubscriber().SubscribeAsync(RedisChannel.Pattern("branch:*"));
        channel.OnMessage(message => _log.OnMessage(((string?)message.Message).AsSpan()));
    }

    private static ConfigurationOptions Config(string endpoint)
    {
        var config = ConfigurationOptions.Parse(endpoint);
        config.AbortOnConnectFail = true;
        config.SyncTimeout = 30_000;
        config.AsyncTimeout = 30_000;
        return config;
    }

    public async Task<int> SendAsync(Batch batch, CancellationToken cancel)
    {
        var pipeline = _writer!.GetDatabase().CreateBatch();
        var replies = new List<Task>(batch.Events.Length * 8);
        foreach (var (board, member, delta) in Boards.Changes(batch, _org!))
            replies.Add(pipeline.SortedSetIncrementAsync(board, member, (double)delta));
        var channel = RedisChannel.Literal($"branch:{batch.Branch.Id}");
        for (var i = 0; i < batch.Events.Length; i++)
            replies.Add(pipeline.PublishAsync(channel, Boards.Message(batch.Events[i], batch.Tag(i))));
        pipeline.Execute();
        await Task.WhenAll(replies);
        return 1;
    }

    public async Task<SubscriberLatency?> SubscriberLatencyAsync(IReadOnlyList<BatchRecord> all, Func<BatchRecord, bool> measured, TimeSpan drain) =>
        await _log.LatencyAsync(all, measured, drain, "pipeline reply → PUBLISH receipt of the batch's last event");

    public string Describe() => $"redis-server {_server?.Version()} (Debian), appendonly yes, appendfsync {fsync}, no RDB; StackExchange.Redis, one pipeline per batch";

    public async ValueTask DisposeAsync()
    {
        if (_subscriber is not null) await _subscriber.DisposeAsync();
        if (_writer is not null) await _writer.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
    }
}
