using System.Text.Json.Serialization.Metadata;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Domain;
using static Tracking.Api.Validation.Fields;

namespace Tracking.Api.Validation;

/// <summary>Checks the body of <c>PUT /api/v1/targets</c> and turns it into target settings, in request order.</summary>
public sealed class TargetsRequestValidator : IRequestValidator<TargetsRequest, IReadOnlyList<TargetSetting>>
{
    public JsonTypeInfo<TargetsRequest> JsonType => RequestJsonContext.Default.TargetsRequest;

    public (string Path, string Message) ShapeError { get; } = ("targets", "is required: an array of targets.");

    public IReadOnlyList<TargetSetting>? Validate(TargetsRequest request, ValidationErrors errors) =>
        RequiredList(request.Targets, ShapeError, errors, Target);

    private static TargetSetting? Target(TargetRequest e, string path, ValidationErrors errors)
    {
        var before = errors.Count;
        var scope = Required<TargetScope>(e.Scope, $"{path}.scope", TargetScopes.TryParse, "a scope (branch, team, agent)", errors);
        var id = Id(e.Id, $"{path}.id", errors);
        // collectionRate is a share of what falls due: stored as a renewalDueCollected target of that share.
        var isRate = e.Metric == TargetSetting.CollectionRateName;
        var metric = isRate ? Metric.RenewalDueCollected
            : Required<Metric>(e.Metric, $"{path}.metric", Metrics.TryParse, $"a metric or {TargetSetting.CollectionRateName}", errors);
        var period = Required<PeriodKind>(e.Period, $"{path}.period", PeriodKey.TryParseKind, $"a period ({PeriodKey.KindNames})", errors);
        var value = isRate ? Share(e.Value, $"{path}.value", errors) : Money(e.Value, $"{path}.value", errors);

        List<decimal>? weekly = null;
        if (e.Weekly is { } split)
        {
            weekly = new List<decimal>(split.Count);
            for (var i = 0; i < split.Count; i++)
            {
                var partPath = $"{path}.weekly[{i}]";
                if (split[i] is null) errors.Add(partPath, NotANumber);
                else if ((isRate ? Share(split[i], partPath, errors) : Money(split[i], partPath, errors)) is { } part) weekly.Add(part);
            }
        }
        if (errors.Count != before) return null;

        var setting = new TargetSetting(scope, id!, metric, period, value!.Value, weekly, ShareOfDue: isRate);
        foreach (var message in setting.Problems()) errors.Add(weekly is null ? $"{path}.value" : $"{path}.weekly", message);
        return errors.Count == before ? setting : null;
    }
}
