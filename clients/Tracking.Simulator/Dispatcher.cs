using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Tracking.Clients.Common.Ingest;
using Tracking.Clients.Common.Workload;

namespace Tracking.Simulator;

/// <summary>
/// Collects events into one batch per branch and posts them: every branch belongs to one sender (branch index
/// modulo senders), a sender posts its batches one after another, so each agent's events reach the server in
/// the order they happened (a cancellation after its sale). A full batch goes at once; a part-filled one after
/// <see cref="Linger"/>. When the server is slower than the simulation, <see cref="AddAsync"/> waits.
/// </summary>
public sealed class Dispatcher
{
    private readonly SimulatorOptions _options;
    private readonly Organisation _org;
    private readonly EventPoster _poster;
    private readonly Channel<List<SimEvent>>[] _channels;
    private readonly List<SimEvent>?[] _buffers;
    private readonly long[] _bufferStarted;
    private readonly Task[] _senders;
    private readonly CancellationToken _cancel;
    private readonly Lock _printGate = new();
    private long _generated, _posted, _accepted, _duplicates, _batches, _retries;
    private string? _lastRetry;

    public Dispatcher(SimulatorOptions options, Organisation org, EventPoster poster, CancellationToken cancel)
    {
        _options = options;
        _org = org;
        _poster = poster;
        _cancel = cancel;
        var senders = Math.Min(options.Senders, org.Branches.Length);
        _channels = Enumerable.Range(0, senders).Select(_ => Channel.CreateBounded<List<SimEvent>>(new BoundedChannelOptions(4) { SingleReader = true })).ToArray();
        _buffers = new List<SimEvent>?[org.Branches.Length];
        _bufferStarted = new long[org.Branches.Length];
        _senders = _channels.Select(c => Task.Run(() => SendAsync(c.Reader))).ToArray();
    }

    public TimeSpan Linger { get; init; } = TimeSpan.FromMilliseconds(500);

    public long Generated => Interlocked.Read(ref _generated);
    public long Posted => Interlocked.Read(ref _posted);
    public long Accepted => Interlocked.Read(ref _accepted);
    public long Duplicates => Interlocked.Read(ref _duplicates);
    public long Batches => Interlocked.Read(ref _batches);
    public long Retries => Interlocked.Read(ref _retries);
    public string? LastRetry => Volatile.Read(ref _lastRetry);

    /// <summary>Set when a sender stopped on an error: the run ends with it.</summary>
    public Exception? Failure { get; private set; }

    public void NoteRetry(string problem, TimeSpan wait)
    {
        Interlocked.Increment(ref _retries);
        Volatile.Write(ref _lastRetry, $"{DateTime.Now:HH:mm:ss} {problem}; retrying the same batch in {wait.TotalSeconds:0.0} s");
        if (_options.Verbose) Print($"  ! {problem}; retrying the same batch in {wait.TotalSeconds:0.0} s");
    }

    public async ValueTask AddAsync(SimEvent e)
    {
        if (Failure is { } failure) throw new InvalidOperationException("A sender stopped.", failure);
        var branch = _org.BranchOf(_org.AgentsById[e.AgentId]).Index;
        var buffer = _buffers[branch] ??= new List<SimEvent>(_options.Batch);
        if (buffer.Count == 0) _bufferStarted[branch] = Stopwatch.GetTimestamp();
        buffer.Add(e);
        Interlocked.Increment(ref _generated);
        if (buffer.Count >= _options.Batch) await FlushAsync(branch);
    }

    /// <summary>Sends every part-filled batch that has waited at least <see cref="Linger"/> (all of them with <paramref name="all"/>).</summary>
    public async ValueTask FlushAsync(bool all)
    {
        var now = Stopwatch.GetTimestamp();
        for (var b = 0; b < _buffers.Length; b++)
        {
            if (_buffers[b] is not { Count: > 0 }) continue;
            if (all || Stopwatch.GetElapsedTime(_bufferStarted[b], now) >= Linger) await FlushAsync(b);
        }
    }

    private async ValueTask FlushAsync(int branch)
    {
        var batch = _buffers[branch]!;
        _buffers[branch] = null;
        await _channels[branch % _channels.Length].Writer.WriteAsync(batch, _cancel);
    }

    /// <summary>Sends what is left and waits for every sender to finish.</summary>
    public async Task CompleteAsync()
    {
        await FlushAsync(all: true);
        foreach (var c in _channels) c.Writer.TryComplete();
        await Task.WhenAll(_senders);
        if (Failure is { } failure) throw failure;
    }

    private async Task SendAsync(ChannelReader<List<SimEvent>> reader)
    {
        try
        {
            await foreach (var batch in reader.ReadAllAsync(_cancel))
            {
                var outcome = await _poster.PostAsync(batch, _cancel);
                Interlocked.Add(ref _posted, batch.Count);
                Interlocked.Add(ref _accepted, outcome.Accepted);
                Interlocked.Add(ref _duplicates, outcome.Duplicates);
                Interlocked.Increment(ref _batches);
                if (_options.Verbose) PrintBatch(batch, outcome);
            }
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Failure ??= ex;
            foreach (var c in _channels) c.Writer.TryComplete();
        }
    }

    private void PrintBatch(List<SimEvent> batch, PostOutcome outcome)
    {
        var lines = new List<string>(batch.Count + 1);
        foreach (var e in batch)
        {
            var agent = _org.AgentsById[e.AgentId];
            var branch = _org.BranchOf(agent);
            lines.Add($"{e.OccurredAt.ToString("MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)}  {branch.Id,-6} {agent.Name} ({agent.Id}): {e.Describe()}");
        }
        if (batch.Count > 1 || outcome.Duplicates > 0 || outcome.Attempts > 1)
            lines.Add($"  → POST of {batch.Count}: {outcome.Accepted} accepted, {outcome.Duplicates} duplicates" + (outcome.Attempts > 1 ? $", after {outcome.Attempts} attempts" : ""));
        Print(string.Join('\n', lines));
    }

    private void Print(string text)
    {
        lock (_printGate) Console.WriteLine(text);
    }
}
