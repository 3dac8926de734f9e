using System.Text.Json;

namespace Tracking.DurabilityTests.Infrastructure;

/// <summary>Reading campaign scoreboards over HTTP in durability tests.</summary>
internal static class CampaignBoards
{
    /// <summary>An instant as the API takes it, in Shanghai time with milliseconds.</summary>
    public static string Iso(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz");

    /// <summary>The scoreboard once it satisfies <paramref name="condition"/>, asked every 200 ms.</summary>
    public static async Task<JsonElement> WhenAsync(TrackingClient client, string id, Func<JsonElement, bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        JsonElement? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await client.GetJsonAsync($"/api/v1/campaigns/{id}/scoreboard");
            if (last is { } board && condition(board)) return board;
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException($"The scoreboard of {id} never got there; last: {last}");
    }

    /// <summary>The entries as <c>id=value</c>, in rank order.</summary>
    public static string Values(JsonElement board) =>
        string.Join(", ", board.GetProperty("entries").EnumerateArray().Select(e => $"{e.GetProperty("id").GetString()}={e.GetProperty("value").GetDecimal()}"));
}
