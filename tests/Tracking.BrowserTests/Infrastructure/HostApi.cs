using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Tracking.BrowserTests.Infrastructure;

/// <summary>The API of a host under test, through one HTTP client (with whatever credentials it carries); every call must succeed.</summary>
public sealed class HostApi(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public async Task<JsonNode?> PutAsync(string path, object body)
    {
        var response = await Http.PutAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text);
    }

    public async Task<JsonNode?> PostAsync(string path, object? body)
    {
        var response = body is null ? await Http.PostAsync(path, null) : await Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text);
    }

    public async Task<JsonNode?> GetAsync(string path)
    {
        var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text);
    }

    /// <summary>Sets up an organisation (org, targets, alert rules) on the host.</summary>
    public async Task SetUpAsync(TestOrg org, object? targets = null, object? alertRules = null)
    {
        await PutAsync("/api/v1/org", org.Org());
        if (targets is not null) await PutAsync("/api/v1/targets", targets);
        if (alertRules is not null) await PutAsync("/api/v1/alert-rules", alertRules);
    }

    public Task<JsonNode?> PostEventsAsync(params object[] events) => PostAsync("/api/v1/events", new { events });
}
