namespace Tracking.TestSupport;

public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds or the timeout passes; returns the last value.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var value = await read();
            if (condition(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(20);
        }
    }
}
