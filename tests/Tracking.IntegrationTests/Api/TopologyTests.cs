using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Tracking.Api.Hosting;
using Tracking.IntegrationTests.Infrastructure;
using Tracking.TestSupport;
using Xunit.Abstractions;

namespace Tracking.IntegrationTests.Api;

/// <summary>
/// Any node serves any screen (docs/design.md, principle 6): a screen on one node sees changes ingested through
/// another, with the nodes forming one Orleans cluster through PostgreSQL.
/// </summary>
public sealed class TopologyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TemporaryDatabase _database = null!;
    private readonly List<WebApplication> _apps = [];
    private readonly List<ChildProcess> _silos = [];

    public async Task InitializeAsync() => _database = await TemporaryDatabase.CreateAsync("topology");

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        foreach (var silo in _silos)
        {
            output.WriteLine(silo.Output);
            await silo.DisposeAsync();
        }
        await _database.DisposeAsync();
    }

    private async Task<Uri> StartApiAsync(params string[] extra)
    {
        var app = TrackingApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--ConnectionStrings:Tracking={_database.ConnectionString}",
            "--Auth:Disabled=true",
            $"--Orleans:SiloPort={FreePort.Next()}",
            $"--Orleans:GatewayPort={FreePort.Next()}",
            "--Logging:LogLevel:Default=Warning",
            .. extra,
        ]);
        _apps.Add(app);
        await app.StartAsync();
        return new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    private async Task StartSiloProcessAsync()
    {
        var silo = ChildProcess.StartProject(Path.Combine("silo", "Tracking.Silo"), "Tracking.Silo",
            $"--ConnectionStrings:Tracking={_database.ConnectionString}", $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}");
        _silos.Add(silo);
        await Eventually.Until(() => Task.FromResult(silo.Output), o => o.Contains("Tracking silo started") || silo.HasExited, TimeSpan.FromSeconds(60));
        Assert.False(silo.HasExited, silo.Output);
    }

    [Fact]
    public async Task Two_co_hosted_nodes_deliver_each_others_changes_to_their_screens()
    {
        var nodeA = await StartApiAsync();
        var nodeB = await StartApiAsync();
        await AssertCrossNodeDeliveryAsync(nodeA, nodeB);
    }

    [Fact]
    public async Task API_hosts_as_plain_clients_of_a_separate_two_silo_cluster_deliver_each_others_changes()
    {
        await StartSiloProcessAsync();
        await StartSiloProcessAsync();
        var apiA = await StartApiAsync("--Orleans:Role=client");
        var apiB = await StartApiAsync("--Orleans:Role=client");
        await AssertCrossNodeDeliveryAsync(apiA, apiB);
    }

    /// <summary>
    /// Screens on both nodes watch the same boards of several branches; events go in through node A only.
    /// Wherever each branch's grain lives, at least one of the two screens is on another node than it.
    /// </summary>
    private static async Task AssertCrossNodeDeliveryAsync(Uri ingestNode, Uri otherNode)
    {
        using var http = new HttpClient { BaseAddress = ingestNode };
        var zone = LiveTimeZone.AwayFromMidnight();
        var orgs = Enumerable.Range(0, 3).Select(_ => new OrgBuilder(zone)).ToArray();
        foreach (var org in orgs)
            Assert.Equal(200, (int)(await http.PutAsJsonAsync("/api/v1/org", org.Org(1, (1, 1), (2, 1)))).StatusCode);

        var screens = new List<(HubConnection Connection, OrgBuilder Org, ConcurrentQueue<JsonElement> Pushes)>();
        foreach (var node in new[] { ingestNode, otherNode })
        foreach (var org in orgs)
        {
            var connection = new HubConnectionBuilder().WithUrl(new Uri(node, "/hubs/tracking")).Build();
            var pushes = new ConcurrentQueue<JsonElement>();
            connection.On<JsonElement>("leaderboard", p => pushes.Enqueue(p));
            await connection.StartAsync();
            await connection.InvokeAsync<JsonElement>("Subscribe", $"leaderboard:{org.Branch}:fyp:day:agents");
            screens.Add((connection, org, pushes));
        }

        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddSeconds(-30), TimeZoneInfo.FindSystemTimeZoneById(zone)).ToString("yyyy-MM-ddTHH:mm:sszzz");
        foreach (var org in orgs)
        {
            var response = await http.PostAsJsonAsync("/api/v1/events", new { events = new[] { org.Policy(2, now, "P", 4321m) } });
            Assert.Equal(200, (int)response.StatusCode);
        }

        foreach (var (connection, org, pushes) in screens)
        {
            var received = await Eventually.Until(() => Task.FromResult(pushes.ToArray()),
                all => all.Any(p => p.GetProperty("entries")[0].GetProperty("value").GetDecimal() == 4321m), TimeSpan.FromSeconds(2));
            var top = received.Last().GetProperty("entries")[0];
            Assert.Equal((org.Agent(2), 4321m), (top.GetProperty("id").GetString(), top.GetProperty("value").GetDecimal()));
            await connection.DisposeAsync();
        }

        // Reads agree on both nodes too.
        using var other = new HttpClient { BaseAddress = otherNode };
        var stats = await other.GetFromJsonAsync<JsonElement>($"/api/v1/agents/{orgs[0].Agent(2)}/stats?period=day");
        Assert.Equal(4321m, stats.GetProperty("metrics").GetProperty("fyp").GetDecimal());
    }
}
