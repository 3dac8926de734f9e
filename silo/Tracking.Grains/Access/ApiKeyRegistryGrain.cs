using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Tracking.Abstractions;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;

namespace Tracking.Grains.Access;

/// <summary>
/// The cluster's API keys (see <see cref="IApiKeyRegistryGrain"/>), kept in the grain storage of every other grain:
/// in PostgreSQL when durable, in memory in embedded mode.
/// </summary>
/// <remarks>
/// Writes run one at a time. <see cref="Verify"/> interleaves with them: it reads the dictionary in one turn, and a
/// write changes the dictionary before it awaits the store, so a revoked key fails at once, and a key being
/// created can verify before it is stored only for whoever already holds it, which is nobody yet. A write the store
/// refuses is undone in memory, so memory never promises what the store does not hold.
/// </remarks>
public sealed class ApiKeyRegistryGrain(
    [PersistentState("apiKeys", "tracking")] IPersistentState<ApiKeyRegistryState> state,
    [FromKeyedServices(TrackingTime.ServiceKey)] TimeProvider time) : Grain, IApiKeyRegistryGrain
{
    private Dictionary<string, StoredApiKey> Keys => state.State.Keys;

    public async Task<CreatedApiKey> Create(string name, IReadOnlyList<string> branchIds)
    {
        var id = NewId();
        var secret = RandomNumberGenerator.GetBytes(ApiKeyFormat.SecretBytes);
        var key = ApiKeyFormat.Compose(id, secret);
        CryptographicOperations.ZeroMemory(secret);
        var (salt, hash) = ApiKeyHash.Of(key);
        var stored = new StoredApiKey(id, name, branchIds.ToArray(), time.GetUtcNow(), salt, hash);

        Keys[id] = stored;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            Keys.Remove(id);
            throw;
        }
        return new CreatedApiKey(id, stored.Name, key, stored.BranchIds, stored.CreatedAt);
    }

    public Task<IReadOnlyList<ApiKeyInfo>> List() => Task.FromResult<IReadOnlyList<ApiKeyInfo>>(
        Keys.Values.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal).Select(k => k.Info()).ToList());

    public async Task<bool> Revoke(string id)
    {
        if (!Keys.Remove(id, out var revoked)) return false;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            Keys[id] = revoked;
            throw;
        }
        return true;
    }

    public Task<ApiKeyInfo?> Verify(string presentedKey) => Task.FromResult(
        ApiKeyFormat.TryGetId(presentedKey, out var id) && Keys.TryGetValue(id, out var stored) && ApiKeyHash.Matches(stored, presentedKey)
            ? stored.Info()
            : null);

    /// <summary>A fresh id: 6 random bytes in lower-case hex, drawn again in the unlikely case it is taken.</summary>
    private string NewId()
    {
        while (true)
        {
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(ApiKeyFormat.IdLength / 2));
            if (!Keys.ContainsKey(id)) return id;
        }
    }
}
