using System.Text.Json.Serialization.Metadata;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Domain.Notifications;
using Tracking.Grains.Notifications;
using static Tracking.Api.Validation.Fields;

namespace Tracking.Api.Validation;

/// <summary>A checked <c>PUT /api/v1/webhooks/{id}</c>; the secret is null when the request has none.</summary>
public sealed record WebhookDefinition(
    Uri Url, IReadOnlyList<string> Events, IReadOnlyList<string> BranchIds, IReadOnlyList<string> TeamIds, string Format, string? Secret);

/// <summary>Checks the body of <c>PUT /api/v1/webhooks/{id}</c>; where the URL's host resolves is the endpoint's to check.</summary>
public sealed class WebhookRequestValidator : IRequestValidator<WebhookRequest, WebhookDefinition>
{
    public JsonTypeInfo<WebhookRequest> JsonType => RequestJsonContext.Default.WebhookRequest;

    public (string Path, string Message) ShapeError { get; } =
        ("$", "must be an object with url and events, e.g. {\"url\": \"https://example.com/hook\", \"events\": [\"alert.raised\"], \"format\": \"json\"}.");

    public WebhookDefinition? Validate(WebhookRequest request, ValidationErrors errors)
    {
        Uri? url = null;
        if (Present(request.Url, "url", errors))
        {
            if (request.Url.Length > WebhookRequest.MaxUrlLength) errors.Add("url", $"must be at most {WebhookRequest.MaxUrlLength} characters.");
            else if (PrivateAddresses.UrlProblem(request.Url) is { } problem) errors.Add("url", problem);
            else url = new Uri(request.Url);
        }
        var events = Events(request.Events, errors);
        var branchIds = Ids(request.BranchIds, "branchIds", errors);
        var teamIds = Ids(request.TeamIds, "teamIds", errors);
        var format = request.Format ?? WebhookFormats.Json;
        if (!WebhookFormats.All.Contains(format)) errors.Add("format", $"must be one of {string.Join(", ", WebhookFormats.All)}.");
        if (request.Secret is { } secret && WebhookSecrets.KeyOf(secret) is null)
            errors.Add("secret", $"must be {WebhookSecrets.Prefix} and the base64 of {WebhookSecrets.MinBytes}-{WebhookSecrets.MaxBytes} bytes.");
        return errors.Any || url is null ? null : new WebhookDefinition(url, events, branchIds, teamIds, format, request.Secret);
    }

    private static IReadOnlyList<string> Events(IReadOnlyList<string?>? list, ValidationErrors errors)
    {
        if (list is null || list.Count == 0)
        {
            errors.Add("events", $"must list at least one of {string.Join(", ", WebhookEventTypes.All)}.");
            return [];
        }
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not { } type || !WebhookEventTypes.All.Contains(type))
                errors.Add($"events[{i}]", $"must be one of {string.Join(", ", WebhookEventTypes.All)}.");
        }
        return list.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
    }

    private static IReadOnlyList<string> Ids(IReadOnlyList<string?>? list, string name, ValidationErrors errors)
    {
        var ids = new List<string>(list?.Count ?? 0);
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            if (list![i] is not { } id || !Topic.IsValidId(id)) errors.Add($"{name}[{i}]", IdRule);
            else if (!ids.Contains(id)) ids.Add(id);
        }
        return ids;
    }
}
