using Microsoft.AspNetCore.SignalR;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Api.Access;
using Tracking.Domain.Display;

namespace Tracking.Api.Live;

/// <summary>
/// This node's single observer of live topics (as in the Orleans GPS-tracker sample): it subscribes to a
/// topic's owner grain once, however many local screens watch it, and fans each update out to the
/// topic's SignalR group. Updates from grains on any node of the cluster arrive here. A connection of a display
/// token watches a topic through a branch's display policy: it is sent the shaped copy of each update (made
/// once per policy and update), never the whole board; a changed policy applies from the next push. Every second
/// the subscriptions of callers whose scope may shrink are checked again: one no longer in scope is ended, and the
/// screen is told with an <c>unsubscribed</c> message.
/// </summary>
public sealed class PushRelay(
    IGrainFactory grains, IHubContext<TrackingHub> hub, DisplayPolicies displayPolicies, AccessScope scope, ILogger<PushRelay> logger)
    : ITopicObserver, IHostedService
{
    private readonly Lock _gate = new();
    /// <summary>Per watched topic, its local connections and the branch whose display policy binds each one (null: none).</summary>
    private readonly Dictionary<string, (Topic Topic, Dictionary<string, string?> Connections)> _topics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _topicsByConnection = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConnectionOutbox> _outboxes = new(StringComparer.Ordinal);
    /// <summary>The callers whose subscriptions are checked again while they last (all but admins, with access control on).</summary>
    private readonly Dictionary<string, Caller> _rechecked = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TopicDirectory _directory = new(grains);
    private ITopicObserver? _self;
    private Task? _refreshLoop;
    private Task? _policyLoop;

    private ITopicObserver Self => _self ??= grains.CreateObjectReference<ITopicObserver>(this);

    /// <summary>
    /// Registers a local screen's interest and returns the topic's current snapshot, shaped by the display policy
    /// of <paramref name="policyBranchId"/> when the screen is bound by one.
    /// </summary>
    public async Task<object?> SubscribeAsync(string connectionId, Topic topic, string? policyBranchId = null, Caller? recheck = null)
    {
        var displayPolicy = policyBranchId is null ? null
            : policyBranchId.Length == 0 ? DisplayPolicies.Strictest : await displayPolicies.FetchAsync(policyBranchId);
        lock (_gate)
        {
            if (!_topics.TryGetValue(topic.Name, out var watch)) _topics[topic.Name] = watch = (topic, new Dictionary<string, string?>(StringComparer.Ordinal));
            watch.Connections[connectionId] = policyBranchId;
            if (recheck is not null) _rechecked[connectionId] = recheck;
            if (!_topicsByConnection.TryGetValue(connectionId, out var names)) _topicsByConnection[connectionId] = names = new(StringComparer.Ordinal);
            names.Add(topic.Name);
            if (!_outboxes.ContainsKey(connectionId)) _outboxes[connectionId] = new ConnectionOutbox(connectionId, hub, logger);
        }
        var snapshot = await Owner(topic).Subscribe(topic, Self);
        return WirePayload.From(DisplayShapes.Apply(snapshot.Payload, displayPolicy));
    }

    public Task UnsubscribeAsync(string connectionId, Topic topic)
    {
        bool last;
        lock (_gate)
        {
            if (_topicsByConnection.TryGetValue(connectionId, out var names)) names.Remove(topic.Name);
            last = Forget(connectionId, topic.Name);
        }
        return last ? Owner(topic).Unsubscribe(topic, Self) : Task.CompletedTask;
    }

    public Task ConnectionClosedAsync(string connectionId)
    {
        var abandoned = new List<Topic>();
        lock (_gate)
        {
            if (_outboxes.Remove(connectionId, out var outbox)) outbox.Close();
            _rechecked.Remove(connectionId);
            if (!_topicsByConnection.Remove(connectionId, out var names)) return Task.CompletedTask;
            foreach (var name in names)
            {
                var topic = _topics[name].Topic;
                if (Forget(connectionId, name)) abandoned.Add(topic);
            }
        }
        return Task.WhenAll(abandoned.Select(t => Owner(t).Unsubscribe(t, Self)));
    }

    /// <summary>
    /// Converts the update once (and once per display policy among its watchers) and hands it to the outbox of
    /// every local connection watching the topic, in the order updates arrive. Returns at once: the owner grain
    /// never waits on this node's screens, nor one screen on another.
    /// </summary>
    public Task OnUpdate(TopicUpdate update)
    {
        var message = Wire(update, update.Payload);
        lock (_gate)
        {
            if (!_topics.TryGetValue(update.Topic, out var watch)) return Task.CompletedTask;
            Dictionary<DisplayPolicy, WireMessage>? shaped = null;
            foreach (var (connectionId, policyBranchId) in watch.Connections)
            {
                if (!_outboxes.TryGetValue(connectionId, out var outbox)) continue;
                if (policyBranchId is null)
                {
                    outbox.Enqueue(message);
                    continue;
                }
                var policy = displayPolicies.Current(policyBranchId);
                shaped ??= [];
                if (!shaped.TryGetValue(policy, out var forDisplay)) shaped[policy] = forDisplay = Wire(update, DisplayShapes.Apply(update.Payload, policy));
                outbox.Enqueue(forDisplay);
            }
        }
        return Task.CompletedTask;
    }

    private static WireMessage Wire(TopicUpdate update, object payload) =>
        new(update.Topic, update.Message, WirePayload.From(payload), update.IsEvent);

    /// <summary>The outbox of a connection, if it watches anything (for tests and metrics).</summary>
    public ConnectionOutbox? OutboxOf(string connectionId)
    {
        lock (_gate) return _outboxes.GetValueOrDefault(connectionId);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _refreshLoop = RefreshLoopAsync(_stopping.Token);
        _policyLoop = PolicyLoopAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        foreach (var loop in new[] { _refreshLoop, _policyLoop }.OfType<Task>())
            await loop.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>
    /// Owner grains forget silent observers, and a reactivated owner starts with none: renewing every
    /// watched topic periodically keeps this node subscribed through both.
    /// </summary>
    private async Task RefreshLoopAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TopicSubscriptions.RefreshInterval);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await timer.WaitForNextTickAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            Topic[] watched;
            lock (_gate) watched = _topics.Values.Select(w => w.Topic).ToArray();
            foreach (var topic in watched)
            {
                try
                {
                    await Owner(topic).Subscribe(topic, Self);
                }
                catch (Exception ex) when (!stopping.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Renewing the subscription to {Topic} failed", topic.Name);
                }
            }
        }
    }

    /// <summary>Keeps the display policies of this node's display screens current (an admin may change one at any time).</summary>
    private async Task PolicyLoopAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(DisplayPolicies.RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                await displayPolicies.RefreshAsync(stopping);
                await RecheckScopesAsync(stopping);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Ends every subscription whose caller is no longer allowed the topic, and tells its screen.</summary>
    private async Task RecheckScopesAsync(CancellationToken stopping)
    {
        List<(string Connection, Caller Caller, Topic Topic)> subscriptions = [];
        lock (_gate)
        {
            foreach (var (connectionId, caller) in _rechecked)
            {
                if (!_topicsByConnection.TryGetValue(connectionId, out var names)) continue;
                foreach (var name in names) subscriptions.Add((connectionId, caller, _topics[name].Topic));
            }
        }
        foreach (var (connectionId, caller, topic) in subscriptions)
        {
            if (stopping.IsCancellationRequested) return;
            try
            {
                var (rule, target) = TopicAccess.RuleFor(topic);
                if (await scope.AllowsAsync(caller, rule, target)) continue;
                await UnsubscribeAsync(connectionId, topic);
                await hub.Clients.Client(connectionId).SendAsync(UnsubscribedMessage, new Dictionary<string, object?>
                {
                    ["topic"] = topic.Name,
                    ["reason"] = "forbidden",
                }, stopping);
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Checking the scope of a subscription to {Topic} failed; checked again in a second", topic.Name);
            }
        }
    }

    /// <summary>Tells a screen that the server ended its subscription to a topic: <c>{"topic", "reason": "forbidden"}</c>.</summary>
    public const string UnsubscribedMessage = "unsubscribed";

    /// <summary>Removes a connection from a topic; true when it was the topic's last local watcher.</summary>
    private bool Forget(string connectionId, string topicName)
    {
        if (!_topics.TryGetValue(topicName, out var watch) || !watch.Connections.Remove(connectionId)) return false;
        if (watch.Connections.Count > 0) return false;
        _topics.Remove(topicName);
        return true;
    }

    private ITopicOwner Owner(Topic topic) => _directory.OwnerOf(topic);
}
