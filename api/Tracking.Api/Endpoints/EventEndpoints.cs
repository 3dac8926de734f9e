using Tracking.Abstractions;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Api.Validation;
using Tracking.Domain;

namespace Tracking.Api.Endpoints;

public sealed record IngestResponse(int Accepted, int Duplicates);

public static class EventEndpoints
{
    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/events", PostEvents);
        return api;
    }

    /// <summary>
    /// Validates the whole request, then lets each agent's grain append and apply its own events. A
    /// request with more than one agent is checked by every agent first, so a 422 stores nothing.
    /// </summary>
    private static async Task<IResult> PostEvents(HttpRequest request, IGrainFactory grains, [FromKeyedServices(TrackingTime.ServiceKey)] TimeProvider time)
    {
        var (document, problem) = await Problems.ReadJsonAsync(request);
        if (problem is not null) return problem;
        using var _ = document;

        var errors = new ValidationErrors();
        var events = EventRequestParser.Parse(document!.RootElement, time.GetUtcNow(), errors);
        if (errors.Any) return Problems.Invalid(errors);

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

        return Results.Ok(new IngestResponse(results.Sum(r => r.Accepted), results.Sum(r => r.Duplicates) + duplicatesInRequest));
    }

    private static IResult? Unprocessable(IEnumerable<AgentBatch> batches, IReadOnlyList<RecordResult> results)
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
