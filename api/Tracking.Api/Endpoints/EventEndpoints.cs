using Microsoft.AspNetCore.Http.HttpResults;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Abstractions.Grains;
using Tracking.Api.Access;
using Tracking.Api.Validation;
using Tracking.Domain;

namespace Tracking.Api.Endpoints;

public static class EventEndpoints
{
    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/events", PostEvents)
            .WithName("PostEvents")
            .WithSummary("Record activity events (1 to 1000, any agents); all or nothing.")
            .Allow(AccessRule.PostEvents)
            .LimitedBy(RateLimits.Ingest);
        return api;
    }

    /// <summary>
    /// Validates the whole request, then hands its events to the ingest coordinator of this node, which records
    /// them as a whole (a 422 stores nothing), and answers with what it did.
    /// </summary>
    private static async Task<Results<Ok<IngestResponse>, ValidationProblem, ForbiddenProblem, UnprocessableProblem, UnavailableProblem>> PostEvents(
        ValidBody<EventsRequest, IReadOnlyList<ActivityEvent>> body, HttpContext http, AccessControl access, AccessScope scope, IGrainFactory grains)
    {
        // An ingest caller scoped to branches may post only for their agents; one event outside refuses the whole request.
        if (access.IsOn && await OutOfScopeAsync(body.Value, Caller.From(http.User), scope) is { Any: true } outside)
            return Problems.Forbidden(outside);
        var outcome = await grains.GetGrain<IIngestCoordinatorGrain>(IIngestCoordinatorGrain.Key).Ingest(body.Value);
        return outcome.Status switch
        {
            RecordStatus.Ok => TypedResults.Ok(new IngestResponse(outcome.Accepted, outcome.Duplicates)),
            RecordStatus.Unavailable => Problems.Unavailable(outcome.RetryAfter, outcome.Errors.FirstOrDefault()?.Message ?? "The event store cannot be reached."),
            _ => Problems.Unprocessable(ErrorsOf(outcome)),
        };
    }

    private static async Task<ValidationErrors?> OutOfScopeAsync(IReadOnlyList<ActivityEvent> events, Caller caller, AccessScope scope)
    {
        var refused = await scope.OutOfScopeAgentsAsync(caller, events.Select(e => e.AgentId).ToArray());
        if (refused.Count == 0) return null;
        var errors = new ValidationErrors();
        foreach (var i in refused) errors.Add($"events[{i}].agentId", $"Agent '{events[i].AgentId}' is not in a branch this caller may post for.");
        return errors;
    }

    /// <summary>A refused request's errors keyed by the path of the offending field, e.g. <c>events[3].agentId</c>.</summary>
    private static ValidationErrors ErrorsOf(RecordResult refusal)
    {
        var errors = new ValidationErrors();
        foreach (var error in refusal.Errors) errors.Add($"events[{error.Index}].{error.Field}", error.Message);
        return errors;
    }
}
