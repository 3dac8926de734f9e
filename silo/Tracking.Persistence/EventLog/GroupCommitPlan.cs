using Tracking.Abstractions.Storage;

namespace Tracking.Persistence.EventLog;

/// <summary>
/// What one group commit stores and answers: every event decided in batch order, before anything is written.
/// </summary>
/// <remarks>
/// The first occurrence of an event id not in <c>knownIds</c> is accepted and gets its agent's next sequence;
/// a later one in the same batch (from any agent) is a duplicate. An append whose <c>lastSequence</c> is not
/// its agent's last sequence (as given, then advanced by the batch's earlier appends) fails alone with
/// <see cref="EventLogSequenceConflictException"/>.
/// </remarks>
internal sealed class GroupCommitPlan
{
    private readonly object[] _results;

    private GroupCommitPlan(int appends, Dictionary<string, long> lastSequences)
    {
        _results = new object[appends];
        LastSequences = lastSequences;
    }

    /// <summary>The rows to insert, in batch order.</summary>
    public List<EventRow> Rows { get; } = [];

    /// <summary>Each agent's last sequence once the rows are stored.</summary>
    public Dictionary<string, long> LastSequences { get; }

    /// <summary>
    /// Decides <paramref name="batch"/>. <paramref name="lastSequences"/> holds every agent's stored last sequence
    /// and is advanced in place; <paramref name="knownIds"/> are ids already stored (null: none looked up).
    /// </summary>
    public static GroupCommitPlan Decide(IReadOnlyList<PendingAppend> batch, HashSet<string>? knownIds, Dictionary<string, long> lastSequences)
    {
        var plan = new GroupCommitPlan(batch.Count, lastSequences);
        var acceptedInBatch = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var request = batch[i];
            var current = lastSequences[request.AgentId];
            if (request.LastSequence != current)
            {
                plan._results[i] = new EventLogSequenceConflictException(request.AgentId, request.LastSequence, current);
                continue;
            }

            var accepted = new bool[request.Events.Count];
            for (var j = 0; j < request.Events.Count; j++)
            {
                var activity = request.Events[j];
                if (knownIds?.Contains(activity.EventId) == true || !acceptedInBatch.Add(activity.EventId))
                {
                    continue;
                }

                accepted[j] = true;
                current++;
                plan.Rows.Add(new EventRow(request, j, current));
            }

            lastSequences[request.AgentId] = current;
            plan._results[i] = new AppendResult(accepted, current);
        }

        return plan;
    }

    /// <summary>Answers every caller of the committed batch: its result or the error it failed with alone.</summary>
    public void CompleteCallers(IReadOnlyList<PendingAppend> batch)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (_results[i] is AppendResult result)
            {
                batch[i].Completion.TrySetResult(result);
            }
            else
            {
                batch[i].Completion.TrySetException((Exception)_results[i]);
            }
        }
    }
}

/// <summary>One accepted event: event <see cref="Index"/> of <see cref="Append"/>, stored at <see cref="Sequence"/>.</summary>
internal readonly record struct EventRow(PendingAppend Append, int Index, long Sequence);
