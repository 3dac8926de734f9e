using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Tracking.PushBenchmark;

/// <summary>One receipt of the branch's FYP teams board: when it arrived and the sum of its values.</summary>
public readonly record struct Receipt(long Timestamp, decimal Sum);

/// <summary>
/// A subscribed screen: one SignalR connection watching its branch's FYP teams board (whose values add up
/// to the branch's FYP today) and optionally one more topic. The handlers only copy out a timestamp and a
/// sum (under an uncontended lock: the client calls them one at a time per connection, but need not promise
/// so); everything else is worked out after the run.
/// </summary>
public sealed class Screen
{
    private static long s_pushes;

    private readonly List<Receipt> _fyp = new(4096);
    private readonly List<long> _extra = new(4096);
    private int _malformed;
    private int _closed;
    private long _latestCents = long.MinValue;

    private Screen(int index, BranchPlan branch, HubConnection connection)
    {
        Index = index;
        Branch = branch;
        Connection = connection;
    }

    public int Index { get; }
    public BranchPlan Branch { get; }
    public HubConnection Connection { get; }

    /// <summary>The FYP board's sum in the snapshot that Subscribe returned.</summary>
    public decimal SnapshotSum { get; private set; }

    /// <summary>FYP board receipts in arrival order. Read only after the connection has stopped.</summary>
    public IReadOnlyList<Receipt> Fyp => _fyp;

    /// <summary>Arrival timestamps of the extra topic's pushes. Read only after the connection has stopped.</summary>
    public IReadOnlyList<long> Extra => _extra;

    public int Malformed => Volatile.Read(ref _malformed);

    /// <summary>The FYP board's sum in the latest receipt, in cents; safe to read while pushes arrive.</summary>
    public decimal? LatestSum => Volatile.Read(ref _latestCents) is var cents and not long.MinValue ? cents / 100m : null;

    /// <summary>Set when the connection closed on its own (not by <see cref="StopAsync"/>).</summary>
    public string? LostReason { get; private set; }

    /// <summary>Pushes received by every screen so far (for the progress lines).</summary>
    public static long TotalPushes => Interlocked.Read(ref s_pushes);

    public static async Task<Screen> ConnectAsync(int index, BranchPlan branch, string baseUrl, HubProtocol protocol, CancellationToken cancel)
    {
        var builder = new HubConnectionBuilder().WithUrl($"{baseUrl}/hubs/tracking", HttpTransportType.WebSockets, o =>
        {
            o.SkipNegotiation = true;
            o.WebSocketConfiguration = ws => ws.Proxy = null;
        });
        if (protocol == HubProtocol.MessagePack) builder.AddMessagePackProtocol();
        var connection = builder.Build();
        // A busy 2-core machine can stall a connection for a while; the benchmark wants to see that, not lose it.
        connection.ServerTimeout = TimeSpan.FromSeconds(120);
        connection.HandshakeTimeout = TimeSpan.FromSeconds(60);
        var screen = new Screen(index, branch, connection);

        if (protocol == HubProtocol.Json)
            connection.On<LeaderboardMessage>("leaderboard", screen.OnJson);
        else
            connection.On("leaderboard", [typeof(object)], screen.OnObject);
        connection.Closed += ex =>
        {
            if (Volatile.Read(ref screen._closed) == 0) screen.LostReason = ex?.Message ?? "closed by the server";
            return Task.CompletedTask;
        };

        try
        {
            await connection.StartAsync(cancel);
        }
        catch (Exception ex) when (protocol == HubProtocol.MessagePack && ex is not OperationCanceledException)
        {
            throw new InvalidOperationException(
                $"The server did not accept the MessagePack hub protocol ({ex.GetBaseException().Message}). " +
                "It must offer it (AddMessagePackProtocol on the server); run with --protocol json instead.", ex);
        }

        var snapshot = await connection.InvokeAsync<object>("Subscribe", branch.FypTopic, cancel);
        screen.SnapshotSum = PayloadReader.Read(snapshot).Sum
            ?? throw new InvalidOperationException($"The snapshot of {branch.FypTopic} has no entries.");
        if (branch.ExtraTopic is not null) await connection.InvokeAsync<object>("Subscribe", branch.ExtraTopic, cancel);
        return screen;
    }

    public async Task StopAsync()
    {
        Volatile.Write(ref _closed, 1);
        try
        {
            await Connection.DisposeAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Stopping a broken connection: nothing left to measure on it.
        }
    }

    private void OnJson(LeaderboardMessage message)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref s_pushes);
        if (!string.Equals(message.Topic, Branch.FypTopic, StringComparison.Ordinal))
        {
            lock (_extra) _extra.Add(now);
            return;
        }
        if (message.Entries is not { } entries) { Interlocked.Increment(ref _malformed); return; }
        var sum = 0m;
        foreach (var entry in entries) sum += entry.Value;
        lock (_fyp) _fyp.Add(new Receipt(now, sum));
        Volatile.Write(ref _latestCents, (long)(sum * 100));
    }

    private Task OnObject(object?[] args)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref s_pushes);
        var (topic, sum) = PayloadReader.Read(args.Length > 0 ? args[0] : null);
        if (!string.Equals(topic, Branch.FypTopic, StringComparison.Ordinal))
        {
            lock (_extra) _extra.Add(now);
        }
        else if (sum is { } s)
        {
            lock (_fyp) _fyp.Add(new Receipt(now, s));
            Volatile.Write(ref _latestCents, (long)(s * 100));
        }
        else Interlocked.Increment(ref _malformed);
        return Task.CompletedTask;
    }

    /// <summary>Only what the benchmark reads of a <c>leaderboard</c> push (the JSON protocol ignores the rest).</summary>
    public sealed class LeaderboardMessage
    {
        public string? Topic { get; set; }
        public List<EntryMessage>? Entries { get; set; }
    }

    public sealed class EntryMessage
    {
        public decimal Value { get; set; }
    }
}

/// <summary>Reads topic and the sum of <c>entries[].value</c> from an untyped payload (JSON element or MessagePack map).</summary>
public static class PayloadReader
{
    public static (string? Topic, decimal? Sum) Read(object? payload)
    {
        switch (payload)
        {
            case JsonElement { ValueKind: JsonValueKind.Object } json:
            {
                var topic = Property(json, "topic") is { ValueKind: JsonValueKind.String } t ? t.GetString() : null;
                if (Property(json, "entries") is not { ValueKind: JsonValueKind.Array } entries) return (topic, null);
                var sum = 0m;
                foreach (var entry in entries.EnumerateArray())
                    if (Property(entry, "value") is { ValueKind: JsonValueKind.Number } v) sum += v.GetDecimal();
                return (topic, sum);
            }
            case IDictionary map:
            {
                var topic = Get(map, "topic") as string;
                if (Get(map, "entries") is not IEnumerable entries || entries is string) return (topic, null);
                var sum = 0m;
                foreach (var entry in entries)
                    if (entry is IDictionary e) sum += ToDecimal(Get(e, "value"));
                return (topic, sum);
            }
            default:
                return (null, null);
        }
    }

    private static JsonElement? Property(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object) return null;
        foreach (var p in e.EnumerateObject())
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) return p.Value;
        return null;
    }

    private static object? Get(IDictionary map, string name)
    {
        foreach (DictionaryEntry kv in map)
            if (kv.Key is string k && string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) return kv.Value;
        return null;
    }

    /// <summary>Money arrives as an integer or a double (or, from a server that writes decimals as strings, a string).</summary>
    private static decimal ToDecimal(object? value) => value switch
    {
        double d => Math.Round((decimal)d, 2),
        float f => Math.Round((decimal)f, 2),
        decimal m => m,
        string s => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
        IConvertible c => c.ToDecimal(CultureInfo.InvariantCulture),
        _ => 0m,
    };
}
