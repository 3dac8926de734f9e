using System.Text.Json.Serialization.Metadata;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Domain.Renewals;
using static Tracking.Api.Validation.Fields;

namespace Tracking.Api.Validation;

/// <summary>Checks the body of <c>PUT /api/v1/renewals/due</c> and turns it into due items, in request order.</summary>
public sealed class RenewalsDueRequestValidator : IRequestValidator<RenewalsDueRequest, IReadOnlyList<RenewalDue>>
{
    public JsonTypeInfo<RenewalsDueRequest> JsonType => RequestJsonContext.Default.RenewalsDueRequest;

    public (string Path, string Message) ShapeError { get; } = ("items", $"is required: an array of 1 to {RenewalsDueRequest.MaxItems} due items.");

    public IReadOnlyList<RenewalDue>? Validate(RenewalsDueRequest request, ValidationErrors errors)
    {
        if (request.Items is { Count: < 1 or > RenewalsDueRequest.MaxItems } list)
        {
            errors.Add("items", $"must hold 1 to {RenewalsDueRequest.MaxItems} due items (got {list.Count}).");
            return null;
        }
        return RequiredList(request.Items, ShapeError, errors, Item);
    }

    private static RenewalDue? Item(RenewalDueRequest e, string path, ValidationErrors errors)
    {
        var policyId = ExternalId(e.PolicyId, $"{path}.policyId", errors);
        var agentId = Id(e.AgentId, $"{path}.agentId", errors);
        var dueDate = LocalDate(e.DueDate, $"{path}.dueDate", errors);
        var amount = Money(e.Amount, $"{path}.amount", errors);
        if (amount == 0) errors.Add($"{path}.amount", "must be greater than 0.");
        var year = Integer(e.PolicyYear, $"{path}.policyYear", errors, RenewalRequest.MinPolicyYear, RenewalRequest.MaxPolicyYear);
        // A field of the wrong JSON kind was reported (and cleared) while reading: it arrives here as absent.
        return policyId is not null && agentId is not null && dueDate is { } date && amount is { } a && a > 0 && year is { } y
            ? new RenewalDue(policyId, agentId, date, a, y)
            : null;
    }
}
