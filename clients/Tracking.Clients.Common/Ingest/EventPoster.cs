using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Tracking.Clients.Common.Workload;

namespace Tracking.Clients.Common.Ingest;

/// <summary>The outcome of one batch: what the server counted, and what it took to get there.</summary>
public readonly record struct PostOutcome(int Accepted, int Duplicates, int Attempts, long Sent, long Answered, int Retried503, int ConnectionErrors);

/// <summary>The server refused a batch for good (400, 422, or an error that retrying does not cure).</summary>
public sealed class BatchRejectedException(int status, string body)
    : Exception($"POST /api/v1/events answered {status}: {(body.Length > 2000 ? body[..2000] + " …" : body)}")
{
    public int Status { get; } = status;
    public string Body { get; } = body;
}

/// <summary>
/// Posts batches of events to <c>POST /api/v1/events</c>. A <c>503</c> (store unavailable) is retried after its
/// <c>Retry-After</c>, and a connection error or time-out after a growing pause (0.2 s doubling to 5 s), always
/// with the same body: the server is idempotent by eventId, so a batch whose first attempt did get stored comes
/// back as duplicates. Anything else that is not a <c>2xx</c> is thrown as <see cref="BatchRejectedException"/>.
/// </summary>
public sealed class EventPoster(HttpClient http, string baseUrl)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Gives up on a batch after this long of retrying (the run is stuck, not the batch).</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Called before each retry with what went wrong and how long the pause is.</summary>
    public Action<string, TimeSpan>? OnRetry { get; init; }

    public static HttpClient CreateHttpClient(TimeSpan? timeout = null) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        AutomaticDecompression = DecompressionMethods.None,
    })
    { Timeout = timeout ?? TimeSpan.FromSeconds(60) };

    public Task<PostOutcome> PostAsync(IReadOnlyList<SimEvent> events, CancellationToken cancel)
    {
        var buffer = new ArrayBufferWriter<byte>(events.Count * 200);
        SimEvent.WriteBatch(buffer, events);
        return PostAsync(buffer.WrittenMemory, cancel);
    }

    public async Task<PostOutcome> PostAsync(ReadOnlyMemory<byte> body, CancellationToken cancel)
    {
        var started = Stopwatch.GetTimestamp();
        var attempts = 0;
        var retried503 = 0;
        var connectionErrors = 0;
        var pause = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            attempts++;
            using var content = new ReadOnlyMemoryContent(body);
            content.Headers.ContentType = Json;
            var sent = Stopwatch.GetTimestamp();
            string problem;
            TimeSpan wait;
            try
            {
                using var response = await http.PostAsync($"{baseUrl}/api/v1/events", content, cancel);
                var bytes = await response.Content.ReadAsByteArrayAsync(cancel);
                var answered = Stopwatch.GetTimestamp();
                if (response.IsSuccessStatusCode)
                {
                    var (accepted, duplicates) = Counts(bytes);
                    return new PostOutcome(accepted, duplicates, attempts, sent, answered, retried503, connectionErrors);
                }
                if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests))
                    throw new BatchRejectedException((int)response.StatusCode, System.Text.Encoding.UTF8.GetString(bytes));
                retried503++;
                wait = RetryAfter(response) ?? TimeSpan.FromSeconds(1);
                problem = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException
                                       || (ex is TaskCanceledException && !cancel.IsCancellationRequested))
            {
                connectionErrors++;
                wait = pause;
                pause = TimeSpan.FromMilliseconds(Math.Min(5000, pause.TotalMilliseconds * 2));
                problem = ex is TaskCanceledException ? "request timed out" : ex.GetBaseException().Message;
            }
            if (Stopwatch.GetElapsedTime(started) > GiveUpAfter)
                throw new TimeoutException($"A batch could not be stored in {GiveUpAfter.TotalMinutes:0} min of retrying (last: {problem}).");
            OnRetry?.Invoke(problem, wait);
            await Task.Delay(wait, cancel);
        }
    }

    /// <summary>Retry-After as seconds or as an HTTP date; capped at 30 s.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (wait is null) return null;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : wait;
    }

    private static (int Accepted, int Duplicates) Counts(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return (root.TryGetProperty("accepted", out var a) && a.TryGetInt32(out var n) ? n : -1,
                    root.TryGetProperty("duplicates", out var d) && d.TryGetInt32(out var m) ? m : 0);
        }
        catch (JsonException)
        {
            return (-1, 0);
        }
    }
}

/// <summary>PUT helpers for the organisation and targets.</summary>
public static class Setup
{
    public static async Task PutJsonAsync(HttpClient http, string url, object body, CancellationToken cancel)
    {
        using var response = await System.Net.Http.Json.HttpClientJsonExtensions.PutAsJsonAsync(http, url, body, cancel);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"PUT {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancel)}");
    }

    /// <summary>Creates the organisation (branches and teams, then each branch's agents) and sets its targets.</summary>
    public static async Task CreateOrganisationAsync(HttpClient http, string baseUrl, Organisation org, DateOnly effectiveFrom, CancellationToken cancel)
    {
        await PutJsonAsync(http, $"{baseUrl}/api/v1/org", org.StructureRequest(), cancel);
        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(org.Branches.Select(async b =>
        {
            await gate.WaitAsync(cancel);
            try { await PutJsonAsync(http, $"{baseUrl}/api/v1/org", org.AgentsRequest(b, effectiveFrom), cancel); }
            finally { gate.Release(); }
        }));
        await Task.WhenAll(org.Branches.Select(async b =>
        {
            await gate.WaitAsync(cancel);
            try { await PutJsonAsync(http, $"{baseUrl}/api/v1/targets", org.TargetsRequest(b), cancel); }
            finally { gate.Release(); }
        }));
    }
}
