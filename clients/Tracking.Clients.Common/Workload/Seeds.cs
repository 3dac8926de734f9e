namespace Tracking.Clients.Common.Workload;

/// <summary>Derives seeds from a seed and indexes, the same in every process (unlike HashCode, which is randomised per process).</summary>
public static class Seeds
{
    public static int Mix(int seed, params int[] parts)
    {
        // SplitMix64 steps over the parts.
        var x = (ulong)(uint)seed;
        foreach (var part in parts)
        {
            x += 0x9E3779B97F4A7C15UL + (ulong)(uint)part;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            x ^= x >> 31;
        }
        return (int)(x & 0x7FFFFFFF);
    }
}
