using Tracking.Abstractions;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Api.Validation;

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
    /// Validates the whole request, then hands its events to the ingest coordinator of this node, which records
    /// them as a whole (a 422 stores nothing), and answers with what it did.
    /// </summary>
    private static async Task<IResult> PostEvents(HttpRequest request, IGrainFactory grains, [FromKeyedServices(TrackingTime.ServiceKey)] TimeProvider time)
    {
        var (document, problem) = await Problems.ReadJsonAsync(request);
        if (problem is not null) return problem;
        using var _ = document;

        var errors = new ValidationErrors();
        var events = EventRequestParser.Parse(document!.RootElement, time.GetUtcNow(), errors);
        if (errors.Any) return Problems.Invalid(errors);

        var outcome = await grains.GetGrain<IIngestCoordinatorGrain>(IIngestCoordinatorGrain.Key).Ingest(events);
        return outcome.Status switch
        {
            RecordStatus.Ok => Results.Ok(new IngestResponse(outcome.Accepted, outcome.Duplicates)),
            RecordStatus.Unavailable => Problems.Unavailable(outcome.RetryAfter, outcome.Errors.FirstOrDefault()?.Message ?? "The event store cannot be reached."),
            _ => Problems.Unprocessable(ErrorsOf(outcome)),
        };
    }

    /// <summary>A refused request's errors keyed by the path of the offending field, e.g. <c>events[3].agentId</c>.</summary>
    private static ValidationErrors ErrorsOf(RecordResult refusal)
    {
        var errors = new ValidationErrors();
        foreach (var error in refusal.Errors) errors.Add($"events[{error.Index}].{error.Field}", error.Message);
        return errors;
    }
}
