using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Tracking.Domain.Display;

namespace Tracking.Abstractions.Contracts.Requests;

/// <summary>The body of <c>PUT /api/v1/branches/{id}/display-policy</c>; a field left out takes its default.</summary>
public sealed record DisplayPolicyRequest(
    [property: Description("At most this many entries of any board reach a display screen; default 50."),
        Range(DisplayPolicy.MinTop, DisplayPolicy.MaxTop)] int? Top = null,
    [property: Description("How agents' names reach display screens: full, initial or masked (null); default full."),
        WrongKindMessage(DisplayPolicyRequest.NamesRule)] string? Names = null,
    [property: Description("False: display screens see no entry ranked below half the board (rounded up); default true.")] bool? ShowBottom = null)
{
    public const string NamesRule = "must be one of full, initial, masked.";
}
