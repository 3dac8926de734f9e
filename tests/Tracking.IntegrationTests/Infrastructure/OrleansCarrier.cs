using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Tracking.Abstractions.Contracts;
using Tracking.Grains;

namespace Tracking.IntegrationTests.Infrastructure;

/// <summary>Orleans' serializer and copier for the project's types, without a silo: how tests see what grain calls and storage carry.</summary>
public sealed class OrleansCarrier : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(AgentInfo).Assembly).AddAssembly(typeof(BranchState).Assembly))
        .BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    /// <summary>The value as read back by the serializer (grain calls across silos, storage) and as copied (calls within a silo).</summary>
    public T[] Carried<T>(T value) where T : class
    {
        var serializer = _services.GetRequiredService<Serializer>();
        return [serializer.Deserialize<T>(serializer.SerializeToArray(value))!, _services.GetRequiredService<DeepCopier>().Copy(value)!];
    }
}
