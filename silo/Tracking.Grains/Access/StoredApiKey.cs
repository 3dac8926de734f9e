using Tracking.Abstractions.Contracts;

namespace Tracking.Grains.Access;

/// <summary>One API key as the registry keeps it: who it is for, and a salted hash of the key, never the key.</summary>
[GenerateSerializer, Alias("tracking.stored-api-key")]
public sealed record StoredApiKey(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<string> BranchIds,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] byte[] Salt,
    [property: Id(5)] byte[] Hash)
{
    public ApiKeyInfo Info() => new(Id, Name, BranchIds, CreatedAt);
}
