using System.Text.Json.Serialization;

namespace Tracking.Abstractions.Contracts.Requests;

/// <summary>
/// How request bodies are read: camelCase names matched exactly (as the API has always matched them), numbers
/// only from JSON numbers, unknown fields ignored, a known field named twice in one object refused (the
/// serializer's own duplicate check: a body must not silently mean one of two values). Source-generated, so reading a request builds no
/// serializer metadata at run time.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = false,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(EventsRequest))]
[JsonSerializable(typeof(OrgRequest))]
[JsonSerializable(typeof(TargetsRequest))]
[JsonSerializable(typeof(AlertRulesRequest))]
[JsonSerializable(typeof(CelebrationRulesRequest))]
[JsonSerializable(typeof(CampaignRequest))]
[JsonSerializable(typeof(DisplayPolicyRequest))]
[JsonSerializable(typeof(ApiKeyRequest))]
[JsonSerializable(typeof(RenewalsDueRequest))]
[JsonSerializable(typeof(PushSubscriptionRequest))]
[JsonSerializable(typeof(WebhookRequest))]
public sealed partial class RequestJsonContext : JsonSerializerContext;
