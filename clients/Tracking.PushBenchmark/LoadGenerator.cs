using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Tracking.PushBenchmark;

/// <summary>One POST: when it was due, sent and answered, and the branch's expected FYP once it was stored.</summary>
public readonly record struct PostRecord(
    int Branch, long Due, long Sent, long Answered, int Events, bool Ok, int Status, decimal CumulativeFyp);

/// <summary>
/// The open-loop load: every branch has its own sender posting a batch of policy events on a fixed
/// schedule (rate / branches events per second), staggered across branches so the server sees an even
/// stream. A branch's POSTs are sequential, so its expected total after each acknowledged POST is well
/// defined; a sender behind schedule posts at once until it has caught up, so a slow response delays
/// but does not drop the offered load (its lag is reported).
/// </summary>
public sealed class LoadGenerator(BenchmarkOptions options, Organisation org, HttpClient http, string baseUrl)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly List<PostRecord>[] _records = org.Branches.Select(_ => new List<PostRecord>(8192)).ToArray();
    private long _acknowledgedEvents;
    private long _failedPosts;

    public IReadOnlyList<PostRecord> RecordsOf(int branch) => _records[branch];

    public long AcknowledgedEvents => Interlocked.Read(ref _acknowledgedEvents);
    public long FailedPosts => Interlocked.Read(ref _failedPosts);

    /// <summary>
    /// One policy per agent before anything is measured, in POSTs of the batch size: activates every agent,
    /// team and branch grain and warms both processes' code paths, so the timed schedule starts on a warm
    /// server instead of spending its warm-up catching up. Returns the number of events posted.
    /// </summary>
    public async Task<int> PrimeAsync(CancellationToken cancel)
    {
        var counts = await Task.WhenAll(org.Branches.Select(async branch =>
        {
            var random = new Random(branch.Index);
            var buffer = new ArrayBufferWriter<byte>(options.Batch * 256);
            var nextAgent = 0;
            var posted = 0;
            for (var n = 0; posted < branch.AgentIds.Length; n++)
            {
                var count = Math.Min(options.Batch, branch.AgentIds.Length - posted);
                buffer.ResetWrittenCount();
                WriteBatch(buffer, branch, $"{branch.Id}-prime-{n}", count, random, ref nextAgent);
                using var content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
                content.Headers.ContentType = Json;
                using var response = await http.PostAsync($"{baseUrl}/api/v1/events", content, cancel);
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"Priming POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancel)}");
                posted += count;
            }
            return posted;
        }));
        return counts.Sum();
    }

    /// <summary>Posts from <paramref name="start"/> until <paramref name="end"/> (Stopwatch timestamps).</summary>
    public Task RunAsync(long start, long end, CancellationToken cancel) =>
        Task.WhenAll(org.Branches.Select(b => Task.Run(() => RunBranchAsync(b, start, end, cancel), cancel)));

    private async Task RunBranchAsync(BranchPlan branch, long start, long end, CancellationToken cancel)
    {
        var perBranchRate = options.Rate / org.Branches.Length;
        var interval = options.Batch / perBranchRate * Stopwatch.Frequency;
        var offset = interval * branch.Index / org.Branches.Length;
        var random = new Random(branch.Index * 7919 + 17);
        var records = _records[branch.Index];
        var buffer = new ArrayBufferWriter<byte>(options.Batch * 256);
        var cumulative = 0m;
        var nextAgent = 0;
        for (long n = 0; ; n++)
        {
            var due = start + (long)(offset + n * interval);
            if (due >= end || cancel.IsCancellationRequested) break;
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > 0) await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancel);

            buffer.ResetWrittenCount();
            var batchFyp = WriteBatch(buffer, branch, $"{branch.Id}-{n}", options.Batch, random, ref nextAgent);
            using var content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
            content.Headers.ContentType = Json;

            var sent = Stopwatch.GetTimestamp();
            int status;
            var ok = false;
            try
            {
                using var response = await http.PostAsync($"{baseUrl}/api/v1/events", content, cancel);
                status = (int)response.StatusCode;
                ok = response.IsSuccessStatusCode && Accepted(await response.Content.ReadAsByteArrayAsync(cancel)) == options.Batch;
            }
            catch (HttpRequestException)
            {
                status = 0;
            }
            catch (TaskCanceledException) when (!cancel.IsCancellationRequested)
            {
                status = -1; // the client's timeout
            }
            var answered = Stopwatch.GetTimestamp();

            if (ok)
            {
                cumulative += batchFyp;
                Interlocked.Add(ref _acknowledgedEvents, options.Batch);
            }
            else
            {
                // The outcome of a failed POST may be unknown: later totals of this branch could be off, so
                // failures are reported loudly rather than guessed around.
                Interlocked.Increment(ref _failedPosts);
            }
            records.Add(new PostRecord(branch.Index, due, sent, answered, options.Batch, ok, status, cumulative));
        }
    }

    /// <summary>Writes one POST body of policy events for the branch's agents, round robin; returns its total premium.</summary>
    private static decimal WriteBatch(IBufferWriter<byte> buffer, BranchPlan branch, string idPrefix, int count, Random random, ref int nextAgent)
    {
        using var json = new Utf8JsonWriter(buffer);
        var occurredAt = DateTimeOffset.UtcNow;
        var total = 0m;
        json.WriteStartObject();
        json.WriteStartArray("events");
        for (var i = 0; i < count; i++)
        {
            var agent = branch.AgentIds[nextAgent];
            nextAgent = (nextAgent + 1) % branch.AgentIds.Length;
            var premium = random.Next(10_000, 500_001) / 100m; // 100.00 – 5,000.00
            total += premium;
            var id = $"{idPrefix}-{i}";
            json.WriteStartObject();
            json.WriteString("eventId", id);
            json.WriteString("agentId", agent);
            json.WriteString("type", "policy");
            json.WriteString("occurredAt", occurredAt);
            json.WriteStartObject("policy");
            json.WriteString("policyId", id);
            json.WriteNumber("premium", premium);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        return total;
    }

    private static int Accepted(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("accepted", out var accepted) && accepted.TryGetInt32(out var n) ? n : -1;
        }
        catch (JsonException)
        {
            return -1;
        }
    }
}
