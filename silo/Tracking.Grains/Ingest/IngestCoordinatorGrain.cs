using Orleans.Concurrency;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;

namespace Tracking.Grains.Ingest;

/// <summary>
/// Records ingest requests as wholes (see <see cref="IIngestCoordinatorGrain"/>): groups a request's events by
/// agent, checks first what could be refused, then lets every agent record its batch, all agents at once.
/// </summary>
/// <remarks>
/// A stateless worker, so the node that received a request coordinates it without another hop; reentrant, so one
/// activation serves many requests while they wait for their agents (its only state, <see cref="KnownAgents"/>,
/// is touched between awaits, one turn at a time).
/// </remarks>
[StatelessWorker, Reentrant]
public sealed class IngestCoordinatorGrain : Grain, IIngestCoordinatorGrain
{
    private readonly KnownAgents _known = new();
    private GrainReferenceCache<IAgentGrain>? _agents;
    private GrainReferenceCache<ITeamGrain>? _teams;
    private GrainReferenceCache<IBranchGrain>? _branches;

    public async Task<RecordResult> Ingest(IReadOnlyList<ActivityEvent> events)
    {
        var batches = AgentBatch.Group(events, out var duplicatesInRequest);
        // A request of several agents stores nothing unless every agent can take its events, so what could be
        // refused is checked before anything is recorded. A request of one agent needs no such round: its
        // agent checks the batch while recording it.
        if (batches.Count > 1 && await CheckAsync(batches) is { } refused) return refused;

        var results = await RecordAsync(batches);
        if (Array.Find(results, r => r.Status == RecordStatus.Unavailable) is { } unavailable) return unavailable;
        // Refused here: a request of one agent, or a batch whose agent recorded a conflicting one after the check.
        if (Refusal(batches, results) is { } rejected) return rejected;

        var (accepted, duplicates) = (0, duplicatesInRequest);
        foreach (var result in results)
        {
            accepted += result.Accepted;
            duplicates += result.Duplicates;
        }
        return RecordResult.Ok(accepted, duplicates);
    }

    /// <summary>
    /// Checks the batches that could be refused: those of agents not yet seen known, and those holding a sale or a
    /// cancellation. Each passed batch keeps its stamp, so recording it does not check it again.
    /// </summary>
    private async Task<RecordResult?> CheckAsync(List<AgentBatch> batches)
    {
        List<AgentBatch>? toCheck = null;
        foreach (var batch in batches)
        {
            if (batch.HasPolicyEvents || !_known.Contains(batch.AgentId)) (toCheck ??= []).Add(batch);
        }
        if (toCheck is null) return null;

        var checks = new Task<RecordResult>[toCheck.Count];
        for (var i = 0; i < checks.Length; i++) checks[i] = AgentOf(toCheck[i]).Check(toCheck[i].Events);
        var results = await Task.WhenAll(checks);
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].Status == RecordStatus.UnknownAgent) continue;
            _known.Add(toCheck[i].AgentId);
            toCheck[i].CheckedAt = results[i].CheckedAt;
        }
        return Refusal(toCheck, results);
    }

    /// <summary>
    /// Every agent records its batch, all at once. The agents hand their new totals back instead of sending them;
    /// once all have answered (or failed), each team and branch gets one message with every report for it.
    /// </summary>
    private async Task<RecordResult[]> RecordAsync(List<AgentBatch> batches)
    {
        var records = new Task<RecordResult>[batches.Count];
        for (var i = 0; i < records.Length; i++) records[i] = AgentOf(batches[i]).Record(batches[i].Events, batches[i].CheckedAt, reportsToCaller: true);
        try
        {
            await Task.WhenAll(records);
        }
        finally
        {
            ForwardReports(records);
        }
        var results = new RecordResult[records.Length];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = records[i].Result;
            if (results[i].Status != RecordStatus.UnknownAgent) _known.Add(batches[i].AgentId);
        }
        return results;
    }

    private void ForwardReports(Task<RecordResult>[] records)
    {
        Dictionary<string, List<AgentTotalsReport>>? teams = null, branches = null;
        foreach (var record in records)
        {
            if (!record.IsCompletedSuccessfully || record.Result.Report is not { } routed) continue;
            foreach (var team in routed.Teams) ReportsFor(teams ??= new(StringComparer.Ordinal), team).Add(routed.Report);
            foreach (var branch in routed.Branches) ReportsFor(branches ??= new(StringComparer.Ordinal), branch).Add(routed.Report);
        }
        if (teams is not null) foreach (var (team, reports) in teams) (_teams ??= new(GrainFactory))[team].Reports(reports);
        if (branches is not null) foreach (var (branch, reports) in branches) (_branches ??= new(GrainFactory))[branch].Reports(reports);
    }

    private static List<AgentTotalsReport> ReportsFor(Dictionary<string, List<AgentTotalsReport>> byTarget, string target)
    {
        if (!byTarget.TryGetValue(target, out var reports)) byTarget[target] = reports = [];
        return reports;
    }

    private IAgentGrain AgentOf(AgentBatch batch) => (_agents ??= new(GrainFactory))[batch.AgentId];

    /// <summary>
    /// Every refused batch's errors at request positions, in request order of the agents: an unknown agent at each
    /// of its events' <c>agentId</c>, a broken rule at the offending event's field. Null when nothing was refused.
    /// </summary>
    private static RecordResult? Refusal(List<AgentBatch> batches, RecordResult[] results)
    {
        List<EventError>? errors = null;
        var status = RecordStatus.Ok;
        for (var b = 0; b < results.Length; b++)
        {
            var result = results[b];
            if (!result.IsRefused) continue;
            if (errors is null) (errors, status) = ([], result.Status);
            var indexes = batches[b].Indexes;
            foreach (var error in result.Errors)
            {
                if (result.Status == RecordStatus.UnknownAgent)
                {
                    foreach (var index in indexes) errors.Add(new EventError(index, "agentId", error.Message));
                }
                else
                {
                    errors.Add(error with { Index = indexes[error.Index] });
                }
            }
        }
        return errors is null ? null : RecordResult.Failed(status, errors);
    }
}
