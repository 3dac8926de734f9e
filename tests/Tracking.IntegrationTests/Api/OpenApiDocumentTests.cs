using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Api;

/// <summary>
/// The host describes itself at <c>/openapi/v1.json</c>: every route of the API reference (docs/api.md) and
/// every HTTP route the app maps is in the document with its method.
/// </summary>
[Collection(TrackingHostCollection.Name)]
public sealed partial class OpenApiDocumentTests(TrackingHostFixture host)
{
    /// <summary>A route heading of docs/api.md, e.g. <c>### GET /api/v1/agents/{id}/stats</c>.</summary>
    [GeneratedRegex(@"^### (GET|PUT|POST|DELETE) (/\S+)\s*$")]
    private static partial Regex RouteHeading();

    [Fact]
    public async Task Every_route_of_the_api_reference_is_in_the_openapi_document()
    {
        var documented = DocumentedRoutes();
        Assert.True(documented.Count >= 10, $"docs/api.md names only {documented.Count} routes; expected every endpoint as '### METHOD /path'.");

        await AssertServed(documented, "In docs/api.md");
    }

    [Fact]
    public async Task Every_http_route_the_app_maps_is_in_the_openapi_document()
    {
        var mapped = host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToList();
        Assert.True(mapped.Count >= 10, $"The app maps only {mapped.Count} API routes.");

        await AssertServed(mapped, "Mapped by the app");
    }

    [Fact]
    public async Task Every_operation_has_a_name_a_summary_and_its_responses()
    {
        var document = await host.GetJsonAsync("/openapi/v1.json");
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var name = $"{method.ToUpperInvariant()} {path}";
                Assert.False(string.IsNullOrEmpty(operation!["operationId"]?.GetValue<string>()), $"{name} has no operationId.");
                Assert.False(string.IsNullOrEmpty(operation["summary"]?.GetValue<string>()), $"{name} has no summary.");
                var responses = operation["responses"]!.AsObject();
                Assert.True(responses.Any(r => r.Key.StartsWith('2')), $"{name} declares no success response.");
                Assert.True(responses.ContainsKey("503"), $"{name} does not declare 503.");
                // Every API operation is subject to access control; every body may be too large or not JSON.
                Assert.True(responses.ContainsKey("401") && responses.ContainsKey("403"), $"{name} does not declare 401 and 403.");
                if (method is "put" or "post" && operation["requestBody"] is not null)
                {
                    foreach (var status in new[] { "400", "413", "415" })
                        Assert.True(responses.ContainsKey(status), $"{name} takes a body but declares no {status}.");
                }
            }
        }
    }

    private async Task AssertServed(IEnumerable<string> routes, string where)
    {
        var served = await ServedOperations();
        var missing = routes.Where(r => !served.Contains(r)).ToList();
        Assert.True(missing.Count == 0, $"{where} but not in /openapi/v1.json: " + string.Join(", ", missing));
    }

    /// <summary>"METHOD /path" of every operation in the served document.</summary>
    private async Task<HashSet<string>> ServedOperations()
    {
        var document = await host.GetJsonAsync("/openapi/v1.json");
        var operations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, _) in item!.AsObject()) operations.Add($"{method.ToUpperInvariant()} {path}");
        }
        return operations;
    }

    private static List<string> DocumentedRoutes()
    {
        var reference = Path.Combine(RepositoryRoot(), "docs", "api.md");
        Assert.True(File.Exists(reference), $"The API reference {reference} does not exist.");
        return File.ReadLines(reference)
            .Select(line => RouteHeading().Match(line))
            .Where(m => m.Success)
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}")
            .Distinct()
            .ToList();
    }

    /// <summary>The folder holding Tracking.sln, found by walking up from the test's base directory.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tracking.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Tracking.sln above {AppContext.BaseDirectory}.");
    }
}
