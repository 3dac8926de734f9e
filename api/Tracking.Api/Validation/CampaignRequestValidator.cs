using System.Text.Json.Serialization.Metadata;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Domain;
using Tracking.Domain.Campaigns;
using static Tracking.Api.Validation.Fields;

namespace Tracking.Api.Validation;

/// <summary>
/// Checks the body of <c>PUT /api/v1/campaigns/{id}</c> and turns it into campaign rules. Checks what the request
/// alone can tell; whether the participants exist and whether the campaign may still change is the campaign's to say.
/// </summary>
public sealed class CampaignRequestValidator : IRequestValidator<CampaignRequest, CampaignRules>
{
    public JsonTypeInfo<CampaignRequest> JsonType => RequestJsonContext.Default.CampaignRequest;

    public (string Path, string Message) ShapeError { get; } = ("$", "must be an object with name, metric, unit, startsAt, endsAt and participants.");

    public CampaignRules? Validate(CampaignRequest request, ValidationErrors errors)
    {
        var name = request.Name;
        if (Present(name, "name", errors) && name.Trim().Length is < 1 or > 200) errors.Add("name", "must be 1-200 characters.");
        var metric = Required<Metric>(request.Metric, "metric", Metrics.TryParseFromEvents,
            $"a metric ({string.Join(", ", Metrics.FromEvents.Select(m => m.Name()))})", errors);
        var unit = Required<CampaignUnit>(request.Unit, "unit", CampaignNames.TryParseUnit, "a unit (agent, team, branch)", errors);
        var scoring = Optional<CampaignScoring>(request.Scoring, "scoring", CampaignNames.TryParseScoring,
            "a scoring (absolute, percentOfTarget)", CampaignScoring.Absolute, errors);
        var startsAt = Instant(request.StartsAt, "startsAt", errors);
        var endsAt = Instant(request.EndsAt, "endsAt", errors);
        var grace = request.GraceMinutes is null
            ? CampaignRequest.DefaultGraceMinutes
            : Integer(request.GraceMinutes, "graceMinutes", errors, CampaignRequest.MinGraceMinutes, CampaignRequest.MaxGraceMinutes);
        var participants = Participants(request.Participants, errors);
        var target = Money(request.Target, "target", errors, required: false);
        var targets = Targets(request.Targets, errors);
        if (errors.Any) return null;

        var rules = new CampaignRules(name!, metric, unit, new CampaignWindow(startsAt!.Value, endsAt!.Value, TimeSpan.FromMinutes(grace!.Value)),
            participants!, scoring, target, targets);
        foreach (var (field, message) in rules.Problems()) errors.Add(field, message);
        return errors.Any ? null : rules;
    }

    private static CampaignParticipants? Participants(CampaignParticipantsRequest? p, ValidationErrors errors)
    {
        if (!Present(p, "participants", errors)) return null;
        return new CampaignParticipants(IdList(p.BranchIds, "branchIds", errors), IdList(p.TeamIds, "teamIds", errors), IdList(p.AgentIds, "agentIds", errors));
    }

    private static List<string> IdList(IReadOnlyList<string?>? list, string name, ValidationErrors errors)
    {
        var ids = new List<string>(list?.Count ?? 0);
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            if (list![i] is { } id && Topic.IsValidId(id)) ids.Add(id);
            else errors.Add($"participants.{name}[{i}]", IdRule);
        }
        return ids;
    }

    private static Dictionary<string, decimal>? Targets(IReadOnlyDictionary<string, decimal?>? map, ValidationErrors errors)
    {
        if (map is null) return null;
        var targets = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (id, value) in map)
        {
            var path = $"targets.{id}";
            if (!Topic.IsValidId(id)) errors.Add(path, "is not a valid participant id (1-64 characters of A-Z a-z 0-9 . _ -).");
            else if (Money(value, path, errors) is { } amount) targets[id] = amount;
        }
        return targets;
    }
}
