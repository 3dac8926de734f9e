namespace Tracking.Persistence.EventLog;

/// <summary>Limits of the PostgreSQL event log's group-commit writer.</summary>
public sealed class PostgresEventLogOptions
{
    /// <summary>
    /// At most this many events go into one transaction (a single append larger than this is committed alone).
    /// Default 5,000.
    /// </summary>
    public int MaxEventsPerCommit { get; set; } = 5_000;

    /// <summary>
    /// The overall deadline of one <c>AppendAsync</c>, queueing included: by then the caller has its result or an
    /// <c>EventLogUnavailableException</c>. Default 5 seconds.
    /// </summary>
    public TimeSpan AppendTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long opening a connection may take. Default 3 seconds (Npgsql counts whole seconds, at least 1).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long one statement may take. Default 3 seconds (whole seconds, at least 1).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The most connections the log opens (its writer needs one; replays on activation use the rest), unless
    /// the connection string sets <c>Maximum Pool Size</c> itself. Default 16.
    /// </summary>
    public int MaxPoolSize { get; set; } = 16;

    /// <summary>
    /// How many agents' last sequences the writer keeps in memory, so that appending for them needs no read of
    /// the table first (about 100 bytes each). Past it the cache starts afresh; 0 turns it off. Default 250,000.
    /// </summary>
    public int SequenceCacheCapacity { get; set; } = 250_000;

    /// <summary>The wait suggested to callers in <c>EventLogUnavailableException.RetryAfter</c>. Default 5 seconds.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        if (MaxEventsPerCommit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEventsPerCommit), MaxEventsPerCommit, "Must be at least 1.");
        }

        if (SequenceCacheCapacity < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SequenceCacheCapacity), SequenceCacheCapacity, "Must not be negative.");
        }

        if (AppendTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero || CommandTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(AppendTimeout), "Timeouts must be positive.");
        }
    }
}
