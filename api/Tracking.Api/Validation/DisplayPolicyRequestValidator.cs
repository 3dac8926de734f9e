using System.Text.Json.Serialization.Metadata;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Domain.Display;
using static Tracking.Api.Validation.Fields;

namespace Tracking.Api.Validation;

/// <summary>Checks the body of <c>PUT /api/v1/branches/{id}/display-policy</c>; a field left out takes its default.</summary>
public sealed class DisplayPolicyRequestValidator : IRequestValidator<DisplayPolicyRequest, DisplayPolicy>
{
    public JsonTypeInfo<DisplayPolicyRequest> JsonType => RequestJsonContext.Default.DisplayPolicyRequest;

    public (string Path, string Message) ShapeError { get; } = ("$", "must be an object, e.g. {\"top\": 10, \"names\": \"initial\", \"showBottom\": false}.");

    public DisplayPolicy? Validate(DisplayPolicyRequest request, ValidationErrors errors)
    {
        var d = DisplayPolicy.Default;
        var policy = new DisplayPolicy(
            request.Top is null ? d.Top : Integer(request.Top, "top", errors, DisplayPolicy.MinTop, DisplayPolicy.MaxTop) ?? d.Top,
            request.Names is null ? d.Names : OneOf(WireNames.NameDisplays, request.Names, "names", "a way to show names", errors) ?? d.Names,
            request.ShowBottom ?? d.ShowBottom);
        return errors.Any ? null : policy;
    }
}
