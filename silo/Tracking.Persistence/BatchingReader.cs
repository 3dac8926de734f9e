using System.Threading.Channels;

namespace Tracking.Persistence;

/// <summary>
/// Reads that go to the database together: each read waits in a queue, and a few loops each take everything
/// queued (up to a limit) and answer it with one query. An idle loop takes a lone read at once, so a read waits no
/// longer than a query of its own would; under a burst (a restart activating thousands of grains) the reads go a
/// few hundred per query instead of one round trip and connection each.
/// </summary>
/// <typeparam name="TRead">One caller's read; it carries its own answer.</typeparam>
public abstract class BatchingReader<TRead> : IAsyncDisposable
    where TRead : BatchingReader<TRead>.Read
{
    /// <summary>One caller's read: completed by the batch it went with.</summary>
    public abstract class Read(CancellationToken cancellation)
    {
        public CancellationToken Cancellation { get; } = cancellation;

        /// <summary>Fails the read with the error of its batch's query.</summary>
        public abstract void Fail(Exception error);

        /// <summary>The caller gave up before the read was taken.</summary>
        public abstract void Cancel();
    }

    private readonly Channel<TRead> _queue = Channel.CreateUnbounded<TRead>();
    private readonly int _maxPerBatch;
    private readonly Task[] _loops;
    private long _queries;

    /// <param name="loops">Queries under way at once.</param>
    /// <param name="maxPerBatch">Reads answered by one query at most.</param>
    protected BatchingReader(int loops, int maxPerBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(loops, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerBatch, 1);
        _maxPerBatch = maxPerBatch;
        _loops = Enumerable.Range(0, loops).Select(_ => Task.Run(RunAsync)).ToArray();
    }

    /// <summary>Batches answered so far (one query each), however many reads each held.</summary>
    public long Queries => Interlocked.Read(ref _queries);

    /// <summary>Answers every read of the batch (each one once); an exception fails those not answered.</summary>
    protected abstract Task AnswerAsync(List<TRead> batch);

    /// <summary>What the callers of a batch get when its query threw <paramref name="error"/>.</summary>
    protected virtual Exception Failure(Exception error) => error;

    protected void Enqueue(TRead read)
    {
        if (!_queue.Writer.TryWrite(read)) throw new ObjectDisposedException(GetType().Name);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        GC.SuppressFinalize(this);
    }

    private async Task RunAsync()
    {
        var batch = new List<TRead>(_maxPerBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _maxPerBatch && reader.TryRead(out var read))
            {
                if (read.Cancellation.IsCancellationRequested) read.Cancel();
                else batch.Add(read);
            }
            if (batch.Count == 0) continue;
            Interlocked.Increment(ref _queries);
            try
            {
                await AnswerAsync(batch).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                var failure = Failure(e);
                foreach (var read in batch) read.Fail(failure);
            }
        }
    }
}
