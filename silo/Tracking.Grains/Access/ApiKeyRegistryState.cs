namespace Tracking.Grains.Access;

/// <summary>The API key registry's state: every key that has not been revoked, by id.</summary>
[GenerateSerializer, Alias("tracking.api-key-registry-state")]
public sealed class ApiKeyRegistryState
{
    [Id(0)] public Dictionary<string, StoredApiKey> Keys { get; set; } = new(StringComparer.Ordinal);
}
