using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tracking.DurabilityTests.Infrastructure;

/// <summary>An HTTP client of one server address: org set-up and the reads the tests check.</summary>
internal sealed class TrackingClient : IDisposable
{
    private readonly HttpClient _http;

    public TrackingClient(Uri baseAddress)
    {
        BaseAddress = baseAddress;
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        })
        {
            BaseAddress = baseAddress,
            // Every caller bounds its own request (a hung request is a finding, not a stuck test).
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http => _http;

    public async Task PutOrgAsync(object org)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await _http.PutAsJsonAsync("/api/v1/org", org, timeout.Token);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"PUT /api/v1/org answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>GET a JSON document; null when the answer is not a 200 (or the request fails or takes over 30 s).</summary>
    public async Task<JsonElement?> GetJsonAsync(string path) => (await GetAsync(path)).Body;

    /// <summary>GET: the status (null when there was no answer within 30 s) and, for a 200, the JSON document.</summary>
    public async Task<(int? Status, JsonElement? Body)> GetAsync(string path)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var response = await _http.GetAsync(path, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (response.StatusCode != HttpStatusCode.OK) return ((int)response.StatusCode, null);
            using var document = JsonDocument.Parse(text);
            return (200, document.RootElement.Clone());
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            return (null, null);
        }
    }

    public Task<JsonElement?> AgentStatsAsync(string agentId) => GetJsonAsync(AgentStatsPath(agentId));

    public static string AgentStatsPath(string agentId) => $"/api/v1/agents/{agentId}/stats?period=month&date={Workload.StatsDate}";

    public Task<JsonElement?> TeamStatsAsync(string teamId) =>
        GetJsonAsync($"/api/v1/teams/{teamId}/stats?period=month&date={Workload.StatsDate}");

    public Task<JsonElement?> BranchStatsAsync(string branchId) =>
        GetJsonAsync($"/api/v1/branches/{branchId}/stats?period=month&date={Workload.StatsDate}");

    public Task<JsonElement?> LeaderboardAsync(string branchId, string metric, string scope = "agents") =>
        GetJsonAsync($"/api/v1/branches/{branchId}/leaderboard?metric={metric}&period=month&scope={scope}&date={Workload.StatsDate}&top=500");

    public void Dispose() => _http.Dispose();
}
