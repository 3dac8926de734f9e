using System.Text.Json;
using Tracking.Abstractions.Contracts;
using Tracking.Domain;
using Tracking.Domain.Campaigns;
using static Tracking.Api.Validation.JsonFields;

namespace Tracking.Api.Validation;

/// <summary>
/// Reads the body of <c>PUT /api/v1/campaigns/{id}</c> into campaign rules, every problem keyed by the
/// path of its field. Checks what the request alone can tell; whether the participants exist and whether
/// the campaign may still change is the campaign's to say.
/// </summary>
public static class CampaignRequestParser
{
    public const int DefaultGraceMinutes = 10;

    public static CampaignRules? Parse(JsonElement root, ValidationErrors errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "must be an object with name, metric, unit, startsAt, endsAt and participants.");
            return null;
        }
        var before = errors.Count;
        var name = String(root, "name", "name", errors);
        if (name is not null && name.Trim().Length is < 1 or > 200) errors.Add("name", "must be 1-200 characters.");

        var metricName = String(root, "metric", "metric", errors);
        var metric = default(Metric);
        if (metricName is not null && !Metrics.TryParse(metricName, out metric))
            errors.Add("metric", $"'{metricName}' is not a metric (calls, visits, collectionVisits, serviceVisits, salesVisits, proactiveVisits, aClassSalesVisits, policies, fyp, renewalCollected).");

        var unitName = String(root, "unit", "unit", errors);
        var unit = default(CampaignUnit);
        if (unitName is not null && !CampaignNames.TryParseUnit(unitName, out unit)) errors.Add("unit", $"'{unitName}' is not a unit (agent, team, branch).");

        var scoring = CampaignScoring.Absolute;
        if (String(root, "scoring", "scoring", errors, required: false) is { } scoringName && !CampaignNames.TryParseScoring(scoringName, out scoring))
            errors.Add("scoring", $"'{scoringName}' is not a scoring (absolute, percentOfTarget).");

        var startsAt = Instant(root, "startsAt", "startsAt", errors);
        var endsAt = Instant(root, "endsAt", "endsAt", errors);
        var grace = root.TryGetProperty("graceMinutes", out var g) && g.ValueKind != JsonValueKind.Null
            ? Integer(root, "graceMinutes", "graceMinutes", errors, 0, 1440)
            : DefaultGraceMinutes;

        var participants = ParseParticipants(root, errors);
        decimal? target = root.TryGetProperty("target", out var t) && t.ValueKind != JsonValueKind.Null ? Money(root, "target", "target", errors) : null;
        var targets = ParseTargets(root, errors);
        if (errors.Count != before) return null;

        var rules = new CampaignRules(name!, metric, unit, new CampaignWindow(startsAt!.Value, endsAt!.Value, TimeSpan.FromMinutes(grace!.Value)),
            participants!, scoring, target, targets);
        foreach (var (field, message) in rules.Problems()) errors.Add(field, message);
        return errors.Count == before ? rules : null;
    }

    private static CampaignParticipants? ParseParticipants(JsonElement root, ValidationErrors errors)
    {
        if (!TryObject(root, "participants", "participants", errors, out var p)) return null;
        var branches = IdList(p, "branchIds", errors);
        var teams = IdList(p, "teamIds", errors);
        var agents = IdList(p, "agentIds", errors);
        return new CampaignParticipants(branches, teams, agents);
    }

    private static List<string> IdList(JsonElement participants, string name, ValidationErrors errors)
    {
        var ids = new List<string>();
        var path = $"participants.{name}";
        if (!participants.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null) return ids;
        if (list.ValueKind != JsonValueKind.Array)
        {
            errors.Add(path, "must be an array of ids.");
            return ids;
        }
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && item.GetString() is { } id && Topic.IsValidId(id)) ids.Add(id);
            else errors.Add($"{path}[{i}]", "must be 1-64 characters of A-Z a-z 0-9 . _ -.");
            i++;
        }
        return ids;
    }

    private static Dictionary<string, decimal>? ParseTargets(JsonElement root, ValidationErrors errors)
    {
        if (!TryObject(root, "targets", "targets", errors, out var map, required: false)) return null;
        var targets = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var entry in map.EnumerateObject())
        {
            var path = $"targets.{entry.Name}";
            if (!Topic.IsValidId(entry.Name)) errors.Add(path, "is not a valid participant id (1-64 characters of A-Z a-z 0-9 . _ -).");
            else if (Money(map, entry.Name, path, errors) is { } value) targets[entry.Name] = value;
        }
        return targets;
    }
}
