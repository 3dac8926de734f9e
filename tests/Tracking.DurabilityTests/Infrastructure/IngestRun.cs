using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Tracking.DurabilityTests.Infrastructure;

/// <summary>How one attempt to post a batch ended.</summary>
internal enum AttemptOutcome
{
    Acknowledged,
    Unavailable,
    OtherServerError,
    ConnectionFailed,
    TimedOut,
}

/// <summary>One POST of a batch: when it started and ended on the run's clock, and how it ended.</summary>
internal sealed record Attempt(int Batch, TimeSpan Started, TimeSpan Ended, AttemptOutcome Outcome, int? Status, string? RetryAfter)
{
    public TimeSpan Duration => Ended - Started;
}

/// <summary>The 200 that acknowledged a batch, and how many attempts it took.</summary>
internal sealed record Acknowledgement(int Batch, int Accepted, int Duplicates, int Attempts, TimeSpan At);

/// <summary>
/// A client that must not lose anything: a few workers post batches, and a batch that was not acknowledged (a
/// connection error, a 5xx, or no answer within <see cref="RequestTimeout"/>) is sent again, unchanged, until it
/// gets a 200. A 503 is retried after its Retry-After, capped at <see cref="RetryAfterCap"/> to keep tests short.
/// Any 4xx ends the run: the test's events are all valid.
/// </summary>
internal sealed class IngestRun
{
    private readonly TrackingClient _client;
    private readonly IReadOnlyList<Batch> _batches;
    private readonly ConcurrentQueue<Batch> _pending;
    private readonly ConcurrentQueue<Attempt> _attempts = new();
    private readonly ConcurrentDictionary<int, Acknowledgement> _acks = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock;
    private int _acknowledgedEvents;
    private int _inFlight;
    private Task? _workers;
    private Exception? _refused;

    public IngestRun(TrackingClient client, IReadOnlyList<Batch> batches, Stopwatch clock)
    {
        _client = client;
        _batches = batches;
        _pending = new ConcurrentQueue<Batch>(batches);
        _clock = clock;
    }

    public int Workers { get; init; } = 4;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryAfterCap { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A pause after each acknowledged batch, per worker, to spread a small workload over time.</summary>
    public TimeSpan PauseBetweenBatches { get; init; } = TimeSpan.Zero;

    public TimeSpan? StartedAt { get; private set; }

    public TimeSpan? FinishedAt { get; private set; }

    public int AcknowledgedBatches => _acks.Count;

    public int AcknowledgedEvents => Volatile.Read(ref _acknowledgedEvents);

    public int InFlight => Volatile.Read(ref _inFlight);

    public IReadOnlyCollection<Attempt> Attempts => _attempts;

    public IReadOnlyDictionary<int, Acknowledgement> Acknowledgements => _acks;

    public void Start()
    {
        StartedAt = _clock.Elapsed;
        _workers = Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(WorkAsync)));
    }

    /// <summary>Waits until every batch is acknowledged; throws if a worker failed or it takes longer than <paramref name="timeout"/>.</summary>
    public async Task CompleteAsync(TimeSpan timeout)
    {
        var workers = _workers ?? throw new InvalidOperationException("Not started.");
        try
        {
            await workers.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await _stop.CancelAsync();
            throw new TimeoutException(
                $"Only {_acks.Count} of {_batches.Count} batches were acknowledged within {timeout.TotalSeconds:0} s. {Summary()}");
        }
        catch (Exception) when (_refused is not null)
        {
            // The other workers stopped because of this one; report the refusal, not their cancellation.
            throw _refused;
        }

        FinishedAt = _clock.Elapsed;
    }

    public int Count(AttemptOutcome outcome) => _attempts.Count(a => a.Outcome == outcome);

    public string Summary() =>
        $"attempts: {_attempts.Count} ({string.Join(", ", Enum.GetValues<AttemptOutcome>().Select(o => $"{o} {Count(o)}"))})";

    private async Task WorkAsync()
    {
        while (!_stop.IsCancellationRequested && _pending.TryDequeue(out var batch))
        {
            var ack = await SendUntilAcknowledgedAsync(batch);
            _acks[batch.Number] = ack;
            Interlocked.Add(ref _acknowledgedEvents, batch.EventCount);
            if (PauseBetweenBatches > TimeSpan.Zero) await Task.Delay(PauseBetweenBatches, _stop.Token);
        }
    }

    private async Task<Acknowledgement> SendUntilAcknowledgedAsync(Batch batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            _stop.Token.ThrowIfCancellationRequested();
            var started = _clock.Elapsed;
            TimeSpan wait;
            Interlocked.Increment(ref _inFlight);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(RequestTimeout);
                using var content = new ByteArrayContent(batch.Body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await _client.Http.PostAsync("/api/v1/events", content, timeout.Token);
                var body = await response.Content.ReadAsStringAsync(timeout.Token);
                var status = (int)response.StatusCode;
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Record(batch, started, AttemptOutcome.Acknowledged, status, null);
                    using var document = JsonDocument.Parse(body);
                    var accepted = document.RootElement.GetProperty("accepted").GetInt32();
                    var duplicates = document.RootElement.GetProperty("duplicates").GetInt32();
                    return new Acknowledgement(batch.Number, accepted, duplicates, attempt, _clock.Elapsed);
                }

                if (status is >= 400 and < 500)
                {
                    Record(batch, started, AttemptOutcome.OtherServerError, status, null);
                    var refused = new InvalidOperationException($"Batch {batch.Number} was refused with {status}: {body}");
                    Interlocked.CompareExchange(ref _refused, refused, null);
                    await _stop.CancelAsync();
                    throw refused;
                }

                var retryAfter = response.Headers.TryGetValues("Retry-After", out var values) ? string.Join(",", values) : null;
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Record(batch, started, AttemptOutcome.Unavailable, status, retryAfter);
                    wait = int.TryParse(retryAfter, out var seconds) && seconds > 0
                        ? TimeSpan.FromSeconds(Math.Min(seconds, RetryAfterCap.TotalSeconds))
                        : RetryAfterCap;
                }
                else
                {
                    Record(batch, started, AttemptOutcome.OtherServerError, status, retryAfter);
                    wait = RetryDelay;
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                // Refused, reset, or cut off while reading the answer: the outcome is unknown, so send it again.
                Record(batch, started, AttemptOutcome.ConnectionFailed, null, null);
                wait = RetryDelay;
            }
            catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
            {
                Record(batch, started, AttemptOutcome.TimedOut, null, null);
                wait = RetryDelay;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }

            await Task.Delay(wait, _stop.Token);
        }
    }

    private void Record(Batch batch, TimeSpan started, AttemptOutcome outcome, int? status, string? retryAfter) =>
        _attempts.Enqueue(new Attempt(batch.Number, started, _clock.Elapsed, outcome, status, retryAfter));
}
