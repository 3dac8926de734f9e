using System.Collections.Concurrent;

namespace Tracking.IntegrationTests.Infrastructure;

/// <summary>Counts the calls every grain receives, by grain key and method: how tests see how many hops a flow takes.</summary>
public sealed class GrainCallCounter
{
    private readonly ConcurrentDictionary<(string Key, string Method), int> _counts = new();

    public async Task CountAsync(IIncomingGrainCallContext context)
    {
        _counts.AddOrUpdate((context.TargetId.Key.ToString()!, context.MethodName), 1, (_, n) => n + 1);
        await context.Invoke();
    }

    public int Of(string grainKey, string method) => _counts.GetValueOrDefault((grainKey, method));
}
