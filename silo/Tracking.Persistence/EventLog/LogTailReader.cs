using Npgsql;
using NpgsqlTypes;
using Tracking.Abstractions.Storage;

namespace Tracking.Persistence.EventLog;

/// <summary>
/// Reads agents' log tails (the events after a sequence), up to <see cref="MaxAgentsPerQuery"/> agents in one
/// query (see <see cref="BatchingReader{TRead}"/>): a restart that activates thousands of agents reads their logs
/// a few hundred at a time.
/// </summary>
internal sealed class LogTailReader(NpgsqlDataSource dataSource, int loops, Func<Exception, EventLogUnavailableException> unavailable)
    : BatchingReader<LogTailReader.TailRead>(loops, MaxAgentsPerQuery)
{
    /// <summary>Agents answered by one query at most.</summary>
    public const int MaxAgentsPerQuery = 256;

    private const string Sql = """
        SELECT e.agent_id, e.seq, e.event_id, e.type, e.payload, e.recorded_at
          FROM unnest($1::text[], $2::bigint[]) AS r(agent_id, after_seq)
          JOIN event_log e ON e.agent_id = r.agent_id AND e.seq > r.after_seq
         ORDER BY e.agent_id, e.seq
        """;

    /// <summary>The agent's events with a sequence above <paramref name="afterSequence"/>, in sequence order.</summary>
    public Task<List<LoggedEvent>> ReadAsync(string agentId, long afterSequence, CancellationToken cancellationToken)
    {
        var read = new TailRead(agentId, afterSequence, cancellationToken);
        Enqueue(read);
        return read.Answer.Task;
    }

    protected override Exception Failure(Exception error) =>
        error is NpgsqlException or TimeoutException or IOException or System.Net.Sockets.SocketException or OperationCanceledException
            ? unavailable(error)
            : error;

    /// <summary>One query for the batch; each read gets the rows of its agent after its own sequence.</summary>
    protected override async Task AnswerAsync(List<TailRead> batch)
    {
        // An agent read twice at once (two nodes, or a read racing a re-read) is asked for once, from the lower sequence.
        var from = new Dictionary<string, long>(batch.Count, StringComparer.Ordinal);
        foreach (var read in batch)
            from[read.AgentId] = from.TryGetValue(read.AgentId, out var after) ? Math.Min(after, read.AfterSequence) : read.AfterSequence;
        var rows = new Dictionary<string, List<LoggedEvent>>(from.Count, StringComparer.Ordinal);

        await using (var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false))
        await using (var command = new NpgsqlCommand(Sql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. from.Keys], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. from.Values], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            await command.PrepareAsync().ConfigureAwait(false);
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            var agentId = "";
            List<LoggedEvent> events = [];
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                // Rows come ordered by agent: each agent's events are one run.
                var rowAgent = reader.GetString(0);
                if (!string.Equals(rowAgent, agentId, StringComparison.Ordinal))
                {
                    agentId = rowAgent;
                    rows[agentId] = events = [];
                }
                var activity = ActivityEventPayload.Decode(reader.GetString(2), agentId, reader.GetString(3), reader.GetString(4));
                events.Add(new LoggedEvent(reader.GetInt64(1), activity, reader.GetFieldValue<DateTimeOffset>(5)));
            }
        }

        foreach (var read in batch)
        {
            var events = rows.GetValueOrDefault(read.AgentId) ?? [];
            // Read-only for the callers, so two reads of one agent from the same sequence may share the list.
            read.Answer.TrySetResult(events.Count > 0 && events[0].Sequence <= read.AfterSequence
                ? events.FindAll(e => e.Sequence > read.AfterSequence)
                : events);
        }
    }

    internal sealed class TailRead(string agentId, long afterSequence, CancellationToken cancellation) : Read(cancellation)
    {
        public string AgentId { get; } = agentId;

        public long AfterSequence { get; } = afterSequence;

        public TaskCompletionSource<List<LoggedEvent>> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Fail(Exception error) => Answer.TrySetException(error);

        public override void Cancel() => Answer.TrySetCanceled(Cancellation);
    }
}
