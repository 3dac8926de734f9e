using Npgsql;
using NpgsqlTypes;

namespace Tracking.Persistence.EventLog;

/// <summary>The statements of a group commit (<see cref="PostgresEventLog"/>): the batched lookup and the COPY.</summary>
internal static class EventLogStatements
{
    // One primary-key probe per id. (The planner's cost model for "event_id = ANY($1)" with thousands of ids
    // prefers a sequential scan of the whole table, even at a million rows; a LATERAL subquery with LIMIT cannot
    // be turned into a hash join, so it stays a nested loop of index probes.)
    private const string KnownEventIdsSql = """
        SELECT k.event_id
          FROM unnest($1::text[]) AS i(event_id)
          CROSS JOIN LATERAL (SELECT e.event_id FROM event_log e WHERE e.event_id = i.event_id LIMIT 1) AS k
        """;

    // One index probe per agent (backwards on the (agent_id, seq) unique index), however long its history.
    private const string LastSequencesSql = """
        SELECT a.agent_id,
               (SELECT e.seq FROM event_log e WHERE e.agent_id = a.agent_id ORDER BY e.seq DESC LIMIT 1)
          FROM unnest($1::text[]) AS a(agent_id)
        """;

    // recorded_at takes its default, now(): the time of the COPY's own transaction.
    private const string CopySql = "COPY event_log (event_id, agent_id, seq, occurred_at, type, payload) FROM STDIN (FORMAT BINARY)";

    private const string AgentSequenceConstraint = "event_log_agent_seq";

    /// <summary>
    /// One round trip: which of <paramref name="ids"/> are stored (null: none asked), and the stored last sequence
    /// of each of <paramref name="agents"/>, written into <paramref name="lastSequences"/>.
    /// </summary>
    public static async Task<HashSet<string>> LookUpAsync(
        NpgsqlConnection connection, string[]? ids, List<string> agents, Dictionary<string, long> lastSequences, CancellationToken cancellationToken)
    {
        var knownIds = new HashSet<string>(StringComparer.Ordinal);
        await using var lookups = new NpgsqlBatch(connection);
        if (ids is not null)
        {
            lookups.BatchCommands.Add(new NpgsqlBatchCommand(KnownEventIdsSql) { Parameters = { TextArray(ids) } });
        }

        if (agents.Count > 0)
        {
            lookups.BatchCommands.Add(new NpgsqlBatchCommand(LastSequencesSql) { Parameters = { TextArray(agents.ToArray()) } });
        }

        // Deliberately not server-prepared: a prepared statement switches to a cached generic plan after five
        // runs, and one made while the table was still small keeps scanning it sequentially as it grows, until
        // the first ANALYZE. Planned per run (a fraction of a millisecond), the lookups always probe the indexes.
        await using var reader = await lookups.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (ids is not null)
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                knownIds.Add(reader.GetString(0));
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        }

        if (agents.Count > 0)
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!reader.IsDBNull(1))
                {
                    lastSequences[reader.GetString(0)] = reader.GetInt64(1);
                }
            }
        }

        return knownIds;
    }

    public static async Task CopyAsync(NpgsqlConnection connection, List<EventRow> rows, AttemptState state, CancellationToken cancellationToken)
    {
        ulong stored;
        await using (var copy = await connection.BeginBinaryImportAsync(CopySql, cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in rows)
            {
                var activity = row.Append.Events[row.Index];
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(activity.EventId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(row.Append.AgentId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(row.Sequence, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(activity.OccurredAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(ActivityEventPayload.TypeName(activity.Type), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(row.Append.Payloads[row.Index], NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
            }

            // Until the end of the data is sent, a failure leaves nothing stored; from here on it may be committed.
            state.CommitSent = true;
            try
            {
                stored = await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // The server refused the COPY as a whole: nothing of it is stored, the batch can be decided again.
                state.CommitSent = false;
                throw e.ConstraintName == AgentSequenceConstraint
                    ? new ConcurrentWriterException("Another writer appended for one of these agents (or the cached last sequence was behind).", e)
                    : new ConcurrentWriterException("Some of these event ids are stored already.", e) { OnEventId = true };
            }
        }

        if (stored != (ulong)rows.Count)
        {
            throw new InvalidOperationException($"The event log COPY stored {stored} rows of {rows.Count}.");
        }
    }

    private static NpgsqlParameter<string[]> TextArray(string[] values) =>
        new() { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}

/// <summary>What one attempt of a group commit got as far as.</summary>
internal sealed class AttemptState
{
    /// <summary>The end of the COPY's data is sent: from here on a failure leaves the outcome unknown.</summary>
    public bool CommitSent { get; set; }
}

/// <summary>
/// The COPY collided with the table's unique constraints and was rolled back as a whole: the batch must be
/// decided again from what is stored.
/// </summary>
internal sealed class ConcurrentWriterException(string message, Exception? inner) : Exception(message, inner)
{
    /// <summary>An event id was stored already (rather than an agent's sequence taken).</summary>
    public bool OnEventId { get; init; }
}
