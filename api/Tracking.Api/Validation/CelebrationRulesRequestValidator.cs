using System.Text.Json.Serialization.Metadata;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Domain.Celebrations;
using static Tracking.Api.Validation.Fields;

namespace Tracking.Api.Validation;

/// <summary>Checks the body of <c>PUT /api/v1/branches/{id}/celebration-rules</c>; a field left out takes the product default.</summary>
public sealed class CelebrationRulesRequestValidator : IRequestValidator<CelebrationRulesRequest, CelebrationSettings>
{
    public JsonTypeInfo<CelebrationRulesRequest> JsonType => RequestJsonContext.Default.CelebrationRulesRequest;

    public (string Path, string Message) ShapeError { get; } =
        ("$", "must be an object, e.g. {\"policyMinPremium\": 10000, \"burst\": 3, \"intervalSeconds\": 5}.");

    public CelebrationSettings? Validate(CelebrationRulesRequest request, ValidationErrors errors)
    {
        var d = CelebrationSettings.Default;
        var settings = new CelebrationSettings(
            Money(request.PolicyMinPremium, "policyMinPremium", errors, required: false) ?? d.PolicyMinPremium,
            request.TargetReached ?? d.TargetReached,
            request.RankUp ?? d.RankUp,
            request.Burst is null ? d.Burst
                : Integer(request.Burst, "burst", errors, CelebrationRulesRequest.MinBurst, CelebrationRulesRequest.MaxBurst) ?? d.Burst,
            request.IntervalSeconds is null ? d.IntervalSeconds
                : Integer(request.IntervalSeconds, "intervalSeconds", errors, CelebrationRulesRequest.MinIntervalSeconds, CelebrationRulesRequest.MaxIntervalSeconds) ?? d.IntervalSeconds);
        foreach (var (field, message) in settings.Problems()) errors.Add(field, message);
        return errors.Any ? null : settings;
    }
}
