using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tracking.Api.Hosting;
using Tracking.IntegrationTests.Infrastructure;
using Tracking.TestSupport;

namespace Tracking.IntegrationTests.Access;

/// <summary>Tokens never reach the logs, even with every category at Trace: not from headers, not from the hub's query string.</summary>
public sealed class LogRedactionTests
{
    [Fact]
    public async Task Tokens_sent_in_headers_and_hub_urls_never_appear_in_the_logs_at_trace_level()
    {
        var log = new CapturingLoggerProvider();
        var app = TrackingApp.Build(
            [
                "--urls=http://127.0.0.1:0",
                $"--Orleans:SiloPort={FreePort.Next()}",
                $"--Orleans:GatewayPort={FreePort.Next()}",
                "--Logging:LogLevel:Default=Trace",
                "--Logging:LogLevel:Microsoft.AspNetCore=Trace",
                "--Logging:LogLevel:Orleans=Warning",
                TestTokens.Setting,
            ],
            builder => builder.Logging.AddProvider(log));
        await app.StartAsync();
        try
        {
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var admin = TestTokens.Admin();
            var expired = TestTokens.Mint("u-old", ["admin"], lifetime: TimeSpan.FromMinutes(-5));
            using var http = new HttpClient { BaseAddress = address };
            foreach (var token in new[] { admin, expired })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/branches/NOPE");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                await http.SendAsync(request);
            }
            // A browser cannot set headers on a WebSocket: its hub requests carry the token in the URL.
            var negotiate = await http.PostAsync($"/hubs/tracking/negotiate?negotiateVersion=1&access_token={admin}", null);
            Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
            await http.GetAsync($"/hubs/tracking?id=unknown&access_token={expired}");

            Assert.Contains(log.Lines, l => l.Contains("/hubs/tracking", StringComparison.Ordinal) || l.Contains("Bearer", StringComparison.Ordinal));
            foreach (var token in new[] { admin, expired })
            {
                var signature = token[(token.LastIndexOf('.') + 1)..];
                Assert.DoesNotContain(log.Lines, l => l.Contains(signature, StringComparison.Ordinal));
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}
