using System.Text.Json.Serialization.Metadata;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Contracts.Requests;
using static Tracking.Api.Validation.Fields;

namespace Tracking.Api.Validation;

/// <summary>A checked <c>POST /api/v1/api-keys</c>: the key's name (trimmed) and its branch ids as sent, none meaning every branch.</summary>
public sealed record NewApiKey(string Name, IReadOnlyList<string> BranchIds);

/// <summary>Checks the body of <c>POST /api/v1/api-keys</c>; whether the branches exist is the endpoint's to check.</summary>
public sealed class ApiKeyRequestValidator : IRequestValidator<ApiKeyRequest, NewApiKey>
{
    public JsonTypeInfo<ApiKeyRequest> JsonType => RequestJsonContext.Default.ApiKeyRequest;

    public (string Path, string Message) ShapeError { get; } = ("$", "must be an object with name and optionally branchIds, e.g. {\"name\": \"crm\", \"branchIds\": [\"SZ01\"]}.");

    public NewApiKey? Validate(ApiKeyRequest request, ValidationErrors errors)
    {
        var name = request.Name?.Trim();
        if (Present(name, "name", errors) && name.Length is < 1 or > ApiKeyRequest.MaxNameLength)
            errors.Add("name", $"must be 1-{ApiKeyRequest.MaxNameLength} characters.");
        var branchIds = new List<string>(request.BranchIds?.Count ?? 0);
        for (var i = 0; i < (request.BranchIds?.Count ?? 0); i++)
        {
            if (request.BranchIds![i] is not { } id || !Topic.IsValidId(id)) errors.Add($"branchIds[{i}]", IdRule);
            else branchIds.Add(id);
        }
        return errors.Any ? null : new NewApiKey(name!, branchIds);
    }
}
