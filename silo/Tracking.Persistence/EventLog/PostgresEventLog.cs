using Stopwatch = System.Diagnostics.Stopwatch;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Tracking.Abstractions.Storage;
using Tracking.Domain;

namespace Tracking.Persistence.EventLog;

// Why one file of more than 300 lines: the queue, the single writer loop, its deadlines and retries are one
// protocol whose failure rules (what a caller may conclude after which error) only hold together. How a batch is
// decided (GroupCommitPlan), the statements (EventLogStatements) and the sequence cache live in files of their own.

/// <summary>
/// The durable event log on PostgreSQL (table <c>event_log</c>, see <c>deploy/sql/004_event_log.sql</c>).
/// </summary>
/// <remarks>
/// <para>
/// One group-commit writer per process (docs/design.md, principle 3): <see cref="AppendAsync"/> only validates and
/// encodes, queues the request and waits. A single background loop takes everything queued (up to
/// <see cref="PostgresEventLogOptions.MaxEventsPerCommit"/> events), and stores it with one binary COPY into
/// <c>event_log</c>, whatever the number of agents: one statement, so one transaction, all or nothing. Callers
/// get their result only after it has committed.
/// </para>
/// <para>
/// Usually nothing is read first. Each agent's last sequence comes from a cache of values the database
/// confirmed (<see cref="LastSequenceCache"/>), and event ids are not looked up: the table's unique constraints
/// are the fence. If the COPY collides with them (an id already stored, or another process appended for an
/// agent), it fails as a whole, nothing of it is stored, and the batch is decided again after reading the
/// stored ids and sequences (one batched lookup) and copied again. Agents not in the cache, or whose append
/// names a different last sequence, are read in that lookup before the first COPY. After a collision on an
/// event id the writer looks ids up before copying for a while, since retried requests tend to come in runs.
/// </para>
/// <para>
/// Per event: the first occurrence of an event id that the log does not hold is accepted and gets the agent's
/// next sequence; any other (already stored, or an earlier one in the same group commit, from any agent) is a
/// duplicate. An append whose <c>lastSequence</c> is not the end of the agent's stored log fails alone with
/// <see cref="EventLogSequenceConflictException"/>; the other appends of the group commit are unaffected.
/// </para>
/// <para>
/// Failure: every append has a deadline (<see cref="PostgresEventLogOptions.AppendTimeout"/>, queueing
/// included). A COPY that cannot finish by the earliest deadline of its appends is cancelled and rolled back,
/// and its callers get <see cref="EventLogUnavailableException"/>: nothing of it is stored. The one ambiguous
/// case is a failure after the end of the COPY's data is sent and before its answer arrives (connection lost at
/// that moment): the caller gets <see cref="EventLogUnavailableException"/> but the events may be stored; a retry then reports them
/// as duplicates or as a sequence conflict, so after an unavailable error a grain should re-read its log
/// (<see cref="ReadAsync"/>) before appending again. Broken pooled connections are dropped and transient
/// errors retried within the deadline, so the writer recovers as soon as the database is back.
/// </para>
/// </remarks>
public sealed class PostgresEventLog : IEventLog, IAsyncDisposable
{
    private const string ReadSql = """
        SELECT seq, event_id, type, payload, recorded_at
          FROM event_log
         WHERE agent_id = $1 AND seq > $2
         ORDER BY seq
        """;

    private const int MaxAttemptsPerBatch = 4;

    // After an event id turned out to be stored already, this many group commits look their ids up first.
    private const int IdLookupStreak = 32;

    // A queued append with less time left than this is failed at once instead of being started.
    private static readonly TimeSpan MinimumCommitBudget = TimeSpan.FromMilliseconds(100);

    // The caller's last-resort guard should the writer loop ever be stuck; the writer itself answers by the deadline.
    private static readonly TimeSpan CallerSafetyMargin = TimeSpan.FromSeconds(2);

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly PostgresEventLogOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<PendingAppend> _queue =
        Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly LastSequenceCache _sequenceCache; // writer loop only
    private int _idLookupsLeft; // writer loop only
    private long _commitCount;
    private long _committedEventCount;
    private long _failedCommitCount;
    private long _retriedCommitCount;
    private int _disposed;

    /// <summary>Creates the log with a connection pool of its own, set up with the timeouts of <paramref name="options"/>.</summary>
    public PostgresEventLog(string connectionString, PostgresEventLogOptions? options = null, ILogger<PostgresEventLog>? logger = null)
        : this(CreateDataSource(connectionString, options ??= new PostgresEventLogOptions()), ownsDataSource: true, options, logger)
    {
    }

    /// <summary>Creates the log on a data source the caller owns (and disposes).</summary>
    public PostgresEventLog(NpgsqlDataSource dataSource, PostgresEventLogOptions? options = null, ILogger<PostgresEventLog>? logger = null)
        : this(dataSource, ownsDataSource: false, options ?? new PostgresEventLogOptions(), logger)
    {
    }

    private PostgresEventLog(NpgsqlDataSource dataSource, bool ownsDataSource, PostgresEventLogOptions options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options.Validate();
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _sequenceCache = new LastSequenceCache(options.SequenceCacheCapacity);
        _writer = Task.Run(RunWriterAsync);
    }

    public bool IsDurable => true;

    /// <summary>Group commits completed so far (one COPY each, if any of its events was new).</summary>
    public long CommitCount => Interlocked.Read(ref _commitCount);

    /// <summary>Events stored so far (accepted ones; duplicates are not stored).</summary>
    public long CommittedEventCount => Interlocked.Read(ref _committedEventCount);

    /// <summary>Group commits that failed and answered their callers with an error.</summary>
    public long FailedCommitCount => Interlocked.Read(ref _failedCommitCount);

    /// <summary>
    /// Group commits rolled back and tried again: an event id was already stored (found by the COPY rather than
    /// looked up), another process raced for the same ids or sequences, or a transient error.
    /// </summary>
    public long RetriedCommitCount => Interlocked.Read(ref _retriedCommitCount);

    /// <summary>A pooled data source with the event log's connect and command timeouts applied to <paramref name="connectionString"/>.</summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString, PostgresEventLogOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(options);
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Timeout = WholeSeconds(options.ConnectTimeout),
            CommandTimeout = WholeSeconds(options.CommandTimeout),
            // After a cancelled statement, wait at most this long for the server before dropping the connection.
            CancellationTimeout = 1000,
            // The log never changes session state, so returning a connection to the pool needs no reset.
            NoResetOnClose = true,
        };
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "tracking-event-log";
        }

        PostgresPools.LimitUnlessSet(builder, connectionString, options.MaxPoolSize);

        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Cancelling <paramref name="cancellationToken"/> after the call has queued the append stops the wait, not
    /// necessarily the append: like an <see cref="EventLogUnavailableException"/>, it leaves the outcome unknown,
    /// and the caller should re-read its log before appending again. An agent grain can simply deactivate itself
    /// after either, so that its next activation replays the log.
    /// </remarks>
    public async Task<AppendResult> AppendAsync(string agentId, long lastSequence, IReadOnlyList<ActivityEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegative(lastSequence);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (events.Count == 0)
        {
            return new AppendResult([], lastSequence);
        }

        // Validation and encoding happen here, on the callers' threads, so the single writer only does I/O and a
        // malformed event can never reach (and fail) a transaction shared with other agents.
        RequireStorableText(agentId, nameof(agentId));
        var snapshot = new ActivityEvent[events.Count]; // the caller may reuse its list while the append waits
        var payloads = new byte[events.Count][];
        for (var i = 0; i < events.Count; i++)
        {
            var activity = snapshot[i] = events[i] ?? throw new ArgumentException($"events[{i}] is null.", nameof(events));
            if (!string.Equals(activity.AgentId, agentId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"events[{i}] belongs to agent '{activity.AgentId}', not '{agentId}'.", nameof(events));
            }

            RequireStorableText(activity.EventId, $"events[{i}].EventId");
            RequireStorableText(activity.Policy?.PolicyId, $"events[{i}].Policy.PolicyId");
            RequireStorableText(activity.Renewal?.PolicyId, $"events[{i}].Renewal.PolicyId");
            RequireStorableText(activity.Cancellation?.PolicyId, $"events[{i}].Cancellation.PolicyId");
            _ = ActivityEventPayload.TypeName(activity.Type);
            payloads[i] = ActivityEventPayload.EncodeUtf8(activity);
        }

        var request = new PendingAppend(agentId, lastSequence, snapshot, payloads, Stopwatch.GetTimestamp() + ToTimestampTicks(_options.AppendTimeout), cancellationToken);
        if (!_queue.Writer.TryWrite(request))
        {
            throw new ObjectDisposedException(nameof(PostgresEventLog));
        }

        try
        {
            return await request.Completion.Task.WaitAsync(_options.AppendTimeout + CallerSafetyMargin, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw Unavailable("The event log writer did not answer in time.", e);
        }
    }

    public async IAsyncEnumerable<LoggedEvent> ReadAsync(string agentId, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        NpgsqlConnection? connection = null;
        NpgsqlCommand? command = null;
        NpgsqlDataReader? reader = null;
        try
        {
            try
            {
                connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                command = new NpgsqlCommand(ReadSql, connection)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<string> { TypedValue = agentId, NpgsqlDbType = NpgsqlDbType.Text },
                        new NpgsqlParameter<long> { TypedValue = afterSequence, NpgsqlDbType = NpgsqlDbType.Bigint },
                    },
                };
                await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
                reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsStoreFailure(e, cancellationToken))
            {
                throw Unavailable($"The event log cannot be read for agent '{agentId}'.", e);
            }

            while (true)
            {
                bool hasRow;
                try
                {
                    hasRow = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (IsStoreFailure(e, cancellationToken))
                {
                    throw Unavailable($"Reading the event log of agent '{agentId}' failed.", e);
                }

                if (!hasRow)
                {
                    yield break;
                }

                var activity = ActivityEventPayload.Decode(reader.GetString(1), agentId, reader.GetString(2), reader.GetString(3));
                yield return new LoggedEvent(reader.GetInt64(0), activity, reader.GetFieldValue<DateTimeOffset>(4));
            }
        }
        finally
        {
            if (reader is not null)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }

            if (command is not null)
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }

            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stops taking appends, lets the queued ones finish (each within its deadline) and closes the pool it owns.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _writer.WaitAsync(_options.AppendTimeout + CallerSafetyMargin).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task RunWriterAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingAppend>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var eventCount = 0;
            while (reader.TryPeek(out var next))
            {
                if (batch.Count > 0 && eventCount + next.Events.Count > _options.MaxEventsPerCommit)
                {
                    break;
                }

                reader.TryRead(out _);
                if (next.CallerToken.IsCancellationRequested)
                {
                    next.Completion.TrySetCanceled(next.CallerToken);
                }
                else if (next.Remaining < MinimumCommitBudget)
                {
                    next.Completion.TrySetException(Unavailable("The append waited too long for the event log writer."));
                }
                else
                {
                    batch.Add(next);
                    eventCount += next.Events.Count;
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await CommitBatchAsync(batch).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Never let the loop die: an unexpected error fails this group commit only.
                _logger.LogError(e, "The event log writer failed unexpectedly on a group commit of {Appends} appends", batch.Count);
                Interlocked.Increment(ref _failedCommitCount);
                _sequenceCache.Forget(batch.Select(r => r.AgentId));
                foreach (var request in batch)
                {
                    request.Completion.TrySetException(Unavailable("The event log writer failed unexpectedly.", e));
                }
            }
        }
    }

    private async Task CommitBatchAsync(IReadOnlyList<PendingAppend> batch)
    {
        // The earliest deadline bounds the whole group commit: past it, that caller must already have an answer.
        var budget = batch.Min(r => r.Remaining);
        using var deadline = new CancellationTokenSource(budget > TimeSpan.Zero ? budget : TimeSpan.Zero);
        for (var attempt = 1; ; attempt++)
        {
            var state = new AttemptState();
            try
            {
                // A retry trusts nothing cached: it reads every agent's last sequence and looks every id up.
                var plan = await CommitOnceAsync(batch, state, readEverything: attempt > 1, deadline.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _commitCount);
                Interlocked.Add(ref _committedEventCount, plan.Rows.Count);
                _sequenceCache.Confirm(plan.LastSequences);
                plan.CompleteCallers(batch);
                return;
            }
            catch (ConcurrentWriterException e) when (attempt < MaxAttemptsPerBatch && !deadline.IsCancellationRequested)
            {
                // Some of these ids or sequences are stored already (by another process, or the cache was behind): look again.
                Interlocked.Increment(ref _retriedCommitCount);
                _logger.LogDebug(e, "Event log group commit raced with another writer; retrying");
            }
            catch (Exception e) when (!state.CommitSent && IsTransient(e) && attempt < MaxAttemptsPerBatch && !deadline.IsCancellationRequested)
            {
                // Typically a pooled connection that died with a database restart: drop idle connections and retry.
                Interlocked.Increment(ref _retriedCommitCount);
                _logger.LogDebug(e, "Transient event log failure on attempt {Attempt}; retrying", attempt);
                _dataSource.Clear();
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    Fail(batch, Unavailable("The event log database is unavailable.", e), e);
                    return;
                }
            }
            catch (PostgresException e) when (IsRejection(e) && batch.Count > 1)
            {
                // One append's data broke the shared statement: commit each alone so that only it fails.
                _logger.LogWarning(e, "A group commit of {Appends} appends was rejected; committing them one by one", batch.Count);
                foreach (var request in batch)
                {
                    await CommitBatchAsync([request]).ConfigureAwait(false);
                }

                return;
            }
            catch (Exception e)
            {
                if (e is PostgresException rejection && IsRejection(rejection))
                {
                    Fail(batch, new InvalidOperationException("The event log database rejected the append.", e), e);
                    return;
                }

                if (e is not PostgresException)
                {
                    _dataSource.Clear();
                }

                var message = deadline.IsCancellationRequested
                    ? "The event log database did not commit the append in time."
                    : "The event log database is unavailable.";
                Fail(batch, Unavailable(message, e), e);
                return;
            }
        }
    }

    private async Task<GroupCommitPlan> CommitOnceAsync(
        IReadOnlyList<PendingAppend> batch, AttemptState state, bool readEverything, CancellationToken cancellationToken)
    {
        var lookUpIds = readEverything || _idLookupsLeft > 0;
        var lastSequences = new Dictionary<string, long>(StringComparer.Ordinal);
        var agentsToRead = new List<string>();
        foreach (var request in batch)
        {
            // An agent's first append in the batch decides whether its stored last sequence must be read.
            if (lastSequences.ContainsKey(request.AgentId))
            {
                continue;
            }

            if (!readEverything && _sequenceCache.TryGet(request.AgentId, out var cached) && cached == request.LastSequence)
            {
                lastSequences[request.AgentId] = cached;
            }
            else
            {
                lastSequences[request.AgentId] = 0; // unless the lookup finds a row
                agentsToRead.Add(request.AgentId);
            }
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        HashSet<string>? knownIds = null;
        if (lookUpIds || agentsToRead.Count > 0)
        {
            knownIds = await EventLogStatements.LookUpAsync(connection, lookUpIds ? DistinctIds(batch) : null, agentsToRead, lastSequences, cancellationToken)
                .ConfigureAwait(false);
        }

        if (knownIds?.Count > 0)
        {
            _idLookupsLeft = IdLookupStreak;
        }
        else if (lookUpIds && _idLookupsLeft > 0)
        {
            _idLookupsLeft--;
        }

        var plan = GroupCommitPlan.Decide(batch, knownIds, lastSequences);
        if (plan.Rows.Count > 0)
        {
            try
            {
                await EventLogStatements.CopyAsync(connection, plan.Rows, state, cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrentWriterException e) when (e.OnEventId)
            {
                _idLookupsLeft = IdLookupStreak;
                throw;
            }
        }

        return plan;
    }

    private static string[] DistinctIds(IReadOnlyList<PendingAppend> batch)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var request in batch)
        {
            foreach (var activity in request.Events)
            {
                ids.Add(activity.EventId);
            }
        }

        return [.. ids];
    }

    private void Fail(IReadOnlyList<PendingAppend> batch, Exception error, Exception cause)
    {
        Interlocked.Increment(ref _failedCommitCount);
        _sequenceCache.Forget(batch.Select(r => r.AgentId));
        _logger.LogWarning(cause, "An event log group commit of {Appends} appends failed", batch.Count);
        foreach (var request in batch)
        {
            request.Completion.TrySetException(error);
        }
    }

    private EventLogUnavailableException Unavailable(string message, Exception? inner = null) =>
        new(message, inner) { RetryAfter = _options.RetryAfter };

    private static bool IsTransient(Exception e) => e switch
    {
        NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException or IOException or SocketException => true,
        _ => false,
    };

    // Data or integrity errors caused by what an append contains (class 22 and 23), as opposed to the store's state.
    private static bool IsRejection(PostgresException e) =>
        e.SqlState.StartsWith("22", StringComparison.Ordinal) || e.SqlState.StartsWith("23", StringComparison.Ordinal);

    private static bool IsStoreFailure(Exception e, CancellationToken callerToken) => e switch
    {
        OperationCanceledException => !callerToken.IsCancellationRequested,
        NpgsqlException or TimeoutException or IOException or SocketException => true,
        _ => false,
    };

    private static void RequireStorableText(string? value, string name)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length == 0 && name.EndsWith("EventId", StringComparison.Ordinal))
        {
            throw new ArgumentException("An event id must not be empty.", name);
        }

        // PostgreSQL text and jsonb cannot hold U+0000; refuse it here rather than fail a shared transaction.
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{name} contains a NUL character.", name);
        }
    }

    private static int WholeSeconds(TimeSpan value) => Math.Max(1, (int)Math.Ceiling(value.TotalSeconds));

    private static long ToTimestampTicks(TimeSpan value) => (long)(value.TotalSeconds * Stopwatch.Frequency);
}
