using Microsoft.AspNetCore.Http.HttpResults;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Abstractions.Grains;
using Tracking.Api.Validation;
using Tracking.Domain;

namespace Tracking.Api.Endpoints;

public static class EventEndpoints
{
    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/events", PostEvents)
            .WithName("PostEvents")
            .WithSummary("Record activity events (1 to 1000, any agents); all or nothing.");
        return api;
    }

    /// <summary>
    /// Validates the whole request, then lets each agent's grain append and apply its own events. A
    /// request with more than one agent is checked by every agent first, so a 422 stores nothing.
    /// </summary>
    private static async Task<Results<Ok<IngestResponse>, ValidationProblem, UnprocessableProblem, UnavailableProblem>> PostEvents(
        ValidBody<EventsRequest, IReadOnlyList<ActivityEvent>> body, IGrainFactory grains)
    {
        var events = body.Value;

        // The same eventId twice in one request: the second is a duplicate of the first.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var batches = new Dictionary<string, AgentBatch>(StringComparer.Ordinal);
        var duplicatesInRequest = 0;
        for (var i = 0; i < events.Count; i++)
        {
            if (!seen.Add(events[i].EventId)) { duplicatesInRequest++; continue; }
            if (!batches.TryGetValue(events[i].AgentId, out var batch)) batches[events[i].AgentId] = batch = new AgentBatch(events[i].AgentId);
            batch.Add(events[i], i);
        }

        if (batches.Count > 1)
        {
            var checks = await Task.WhenAll(batches.Values.Select(b => grains.GetGrain<IAgentGrain>(b.AgentId).Check(b.Events)));
            if (Unprocessable(batches.Values, checks) is { } refused) return refused;
        }

        var results = await Task.WhenAll(batches.Values.Select(b => grains.GetGrain<IAgentGrain>(b.AgentId).Record(b.Events)));
        if (results.FirstOrDefault(r => r.Status == RecordStatus.Unavailable) is { } unavailable)
            return Problems.Unavailable(unavailable.RetryAfter, unavailable.Errors.FirstOrDefault()?.Message ?? "The event store cannot be reached.");
        if (Unprocessable(batches.Values, results) is { } rejected) return rejected;

        return TypedResults.Ok(new IngestResponse(results.Sum(r => r.Accepted), results.Sum(r => r.Duplicates) + duplicatesInRequest));
    }

    private static UnprocessableProblem? Unprocessable(IEnumerable<AgentBatch> batches, IReadOnlyList<RecordResult> results)
    {
        var errors = new ValidationErrors();
        foreach (var (batch, result) in batches.Zip(results))
        {
            if (result.Status is not (RecordStatus.UnknownAgent or RecordStatus.Rejected)) continue;
            foreach (var error in result.Errors)
            {
                if (result.Status == RecordStatus.UnknownAgent)
                    foreach (var index in batch.Indexes) errors.Add($"events[{index}].agentId", error.Message);
                else
                    errors.Add($"events[{batch.Indexes[error.Index]}].{error.Field}", error.Message);
            }
        }
        return errors.Any ? Problems.Unprocessable(errors) : null;
    }

    /// <summary>One agent's events of a request, with their positions in the request.</summary>
    private sealed class AgentBatch(string agentId)
    {
        public string AgentId { get; } = agentId;
        public List<ActivityEvent> Events { get; } = [];
        public List<int> Indexes { get; } = [];

        public void Add(ActivityEvent e, int index)
        {
            Events.Add(e);
            Indexes.Add(index);
        }
    }
}
