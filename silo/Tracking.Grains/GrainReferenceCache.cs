namespace Tracking.Grains;

/// <summary>
/// Grain references by key, each made once. Making a reference builds a new proxy, which resolves its codecs and
/// copiers through reflection: on the ingest and report paths, where the same few grains are called thousands of
/// times a second, that was a tenth of the server's CPU. Not thread-safe: one per grain activation.
/// </summary>
/// <param name="capacity">At most this many references are kept; beyond it the cache starts afresh.</param>
public sealed class GrainReferenceCache<TGrain>(IGrainFactory grains, int capacity = 200_000) where TGrain : IGrainWithStringKey
{
    private readonly Dictionary<string, TGrain> _references = new(StringComparer.Ordinal);

    public TGrain this[string key]
    {
        get
        {
            if (_references.TryGetValue(key, out var grain)) return grain;
            if (_references.Count >= capacity) _references.Clear();
            return _references[key] = grains.GetGrain<TGrain>(key);
        }
    }
}
