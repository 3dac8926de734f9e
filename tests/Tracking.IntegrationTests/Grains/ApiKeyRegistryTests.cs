using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Tracking.Abstractions.Grains;
using Tracking.Grains.Access;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class ApiKeyRegistryTests(ClusterFixture fixture)
{
    private IApiKeyRegistryGrain Registry => fixture.Grains.GetGrain<IApiKeyRegistryGrain>(IApiKeyRegistryGrain.Key);

    [Fact]
    public async Task A_created_key_verifies_as_its_identity_and_a_changed_or_malformed_one_does_not()
    {
        var created = await Registry.Create("crm", ["SZ01", "SZ02"]);

        Assert.Matches("^trk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$", created.Key);
        Assert.Equal($"trk_{created.Id}_", created.Key[..17]);
        var identity = await Registry.Verify(created.Key);
        Assert.NotNull(identity);
        Assert.Equal((created.Id, "crm", created.CreatedAt), (identity.Id, identity.Name, identity.CreatedAt));
        Assert.Equal(["SZ01", "SZ02"], identity.BranchIds);

        var last = created.Key[^1] == 'A' ? 'B' : 'A';
        Assert.Null(await Registry.Verify(created.Key[..^1] + last));
        Assert.Null(await Registry.Verify(created.Key + "A"));
        Assert.Null(await Registry.Verify(created.Key[..17]));
        Assert.Null(await Registry.Verify($"trk_000000000000_{created.Key[17..]}"));
        Assert.Null(await Registry.Verify(""));
    }

    [Fact]
    public async Task The_list_holds_no_key_and_a_revoked_key_no_longer_verifies()
    {
        var created = await Registry.Create("phones", []);

        var listed = Assert.Single(await Registry.List(), k => k.Id == created.Id);
        Assert.Equal(("phones", created.CreatedAt), (listed.Name, listed.CreatedAt));
        Assert.Empty(listed.BranchIds);

        Assert.True(await Registry.Revoke(created.Id));
        Assert.Null(await Registry.Verify(created.Key));
        Assert.DoesNotContain(await Registry.List(), k => k.Id == created.Id);
        Assert.False(await Registry.Revoke(created.Id));
    }

    [Fact]
    public async Task The_stored_state_holds_a_salted_hash_and_never_the_key()
    {
        var first = await Registry.Create("same", []);
        var second = await Registry.Create("same", []);

        var services = fixture.Cluster.Silos[0].ServiceProvider;
        var read = new GrainState<ApiKeyRegistryState>();
        await services.GetRequiredKeyedService<IGrainStorage>("tracking").ReadStateAsync("apiKeys", Registry.GetGrainId(), read);
        var stored = read.State!;
        var bytes = services.GetRequiredService<Serializer>().SerializeToArray(stored);

        foreach (var key in new[] { first, second })
        {
            Assert.True(stored.Keys.ContainsKey(key.Id));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(key.Key)));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(key.Key[17..])));
        }
        var (a, b) = (stored.Keys[first.Id], stored.Keys[second.Id]);
        Assert.Equal(32, a.Hash.Length);
        Assert.NotEqual(a.Salt, b.Salt);
        Assert.NotEqual(a.Hash, b.Hash);
    }
}
