using Orleans.Concurrency;
using Tracking.Abstractions.Contracts;

namespace Tracking.Abstractions.Grains;

/// <summary>
/// The API keys of ingest systems (one registry for the cluster, key <see cref="Key"/>). Keys are stored only as
/// salted hashes; the key itself leaves the registry once, in the answer to <see cref="Create"/>.
/// </summary>
public interface IApiKeyRegistryGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>A new key for the named system, scoped to the branches (none: every branch); the caller has checked them.</summary>
    Task<CreatedApiKey> Create(string name, [Immutable] IReadOnlyList<string> branchIds);

    /// <summary>Every key, oldest first, without keys or hashes.</summary>
    [ReadOnly]
    Task<IReadOnlyList<ApiKeyInfo>> List();

    /// <summary>Revokes a key at once: from this call on it verifies nowhere. False when no key has that id.</summary>
    Task<bool> Revoke(string id);

    /// <summary>
    /// Who the presented key identifies, or null when it is malformed, unknown or revoked. Asked on every request
    /// (no answer is cached), so a revoked key fails on its next request on any node. Interleaves with everything:
    /// it only reads what is in memory and must not wait behind a write to the store.
    /// </summary>
    [AlwaysInterleave]
    Task<ApiKeyInfo?> Verify(string presentedKey);
}
