using Microsoft.AspNetCore.SignalR;

namespace Tracking.Api.Live;

/// <summary>A message ready for the wire: the hub method, the converted payload, and the topic it belongs to.</summary>
public sealed record WireMessage(string Topic, string Method, object? Payload, bool IsEvent);

/// <summary>
/// What is waiting to be sent to one connection. State messages (leaderboards, team stats) keep only the
/// newest per topic, since each one replaces the last; event messages (celebrations, alerts) are kept in
/// order up to <see cref="MaxPendingEvents"/>, dropping the oldest. So a slow or stalled client holds at
/// most a few messages per topic here, and its sends, one at a time, never hold up anyone else's.
/// </summary>
public sealed class ConnectionOutbox(string connectionId, IHubContext<TrackingHub> hub, ILogger logger)
{
    public const int MaxPendingEvents = 32;

    private readonly Lock _gate = new();
    private readonly LinkedList<WireMessage> _pending = new();
    private readonly Dictionary<string, LinkedListNode<WireMessage>> _stateByTopic = new(StringComparer.Ordinal);
    private int _pendingEvents;
    private bool _sending;
    private bool _closed;

    public string ConnectionId => connectionId;

    /// <summary>How many messages wait (for tests and metrics).</summary>
    public int PendingCount
    {
        get { lock (_gate) return _pending.Count; }
    }

    public void Enqueue(WireMessage message)
    {
        lock (_gate)
        {
            if (_closed) return;
            if (!message.IsEvent && _stateByTopic.TryGetValue(message.Topic, out var waiting))
            {
                waiting.Value = message; // keeps its place in line, carries the newest state
            }
            else
            {
                var node = _pending.AddLast(message);
                if (message.IsEvent)
                {
                    if (++_pendingEvents > MaxPendingEvents) DropOldestEvent();
                }
                else _stateByTopic[message.Topic] = node;
            }
            if (_sending) return;
            _sending = true;
        }
        _ = PumpAsync();
    }

    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _pending.Clear();
            _stateByTopic.Clear();
            _pendingEvents = 0;
        }
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            WireMessage next;
            lock (_gate)
            {
                if (_pending.First is not { } first)
                {
                    _sending = false;
                    return;
                }
                next = first.Value;
                _pending.RemoveFirst();
                if (next.IsEvent) _pendingEvents--;
                else _stateByTopic.Remove(next.Topic);
            }
            try
            {
                await hub.Clients.Client(connectionId).SendAsync(next.Method, next.Payload);
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Push of {Topic} to connection {ConnectionId} failed", next.Topic, connectionId);
            }
        }
    }

    private void DropOldestEvent()
    {
        for (var node = _pending.First; node is not null; node = node.Next)
        {
            if (!node.Value.IsEvent) continue;
            _pending.Remove(node);
            _pendingEvents--;
            return;
        }
    }
}
