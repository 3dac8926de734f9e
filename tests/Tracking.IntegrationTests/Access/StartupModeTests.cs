using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Tracking.Api.Access;
using Tracking.Api.Hosting;
using Tracking.IntegrationTests.Infrastructure;
using Tracking.TestSupport;

namespace Tracking.IntegrationTests.Access;

/// <summary>
/// When the server may start without access control (docs/api.md, "Access control"), the one line it logs about
/// it, and the <c>token</c> command that mints tokens for screens and scripts.
/// </summary>
public sealed class StartupModeTests
{
    private const string ConnectionString = "--ConnectionStrings:Tracking=Host=127.0.0.1;Port=1;Username=nobody;Database=nothing";

    private static string[] Settings(params string[] extra) =>
        ["--urls=http://127.0.0.1:0", $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}", .. extra];

    [Fact]
    public void A_connection_string_without_auth_settings_is_refused_with_what_to_set()
    {
        var refused = Assert.Throws<AccessRefusedException>(() => TrackingApp.Build(Settings(ConnectionString)));

        Assert.StartsWith("Refusing to start without access control: a PostgreSQL connection string is set (ConnectionStrings:Tracking).", refused.Message);
        Assert.Contains("Auth:SigningKey (base64, at least 32 bytes)", refused.Message);
        Assert.Contains("Auth:Authority", refused.Message);
        Assert.Contains("Auth:Disabled=true", refused.Message);
    }

    [Fact]
    public void Listening_beyond_loopback_without_auth_settings_is_refused_with_the_address()
    {
        var refused = Assert.Throws<AccessRefusedException>(() => TrackingApp.Build([.. Settings(), "--urls=http://0.0.0.0:0"]));

        Assert.StartsWith("Refusing to start without access control: it would listen beyond loopback (http://0.0.0.0:0).", refused.Message);
        Assert.Contains("Auth:SigningKey", refused.Message);
        Assert.Contains("Auth:Disabled=true", refused.Message);
    }

    [Theory]
    [InlineData(true, "--Auth:Disabled=true")]
    [InlineData(true, "signing key")]
    [InlineData(false, "--Auth:Disabled=true")]
    [InlineData(false, "signing key")]
    public async Task An_explicit_choice_lets_it_build_durable_or_beyond_loopback(bool durable, string choice)
    {
        var exposure = durable ? ConnectionString : "--urls=http://0.0.0.0:0";
        var setting = choice == "signing key" ? TestTokens.Setting : choice;

        var app = TrackingApp.Build([.. Settings(), exposure, setting]);

        Assert.NotNull(app);
        await app.DisposeAsync();
    }

    [Theory]
    [InlineData(31)]
    [InlineData(16)]
    public void A_signing_key_shorter_than_32_bytes_is_refused_even_on_loopback(int bytes)
    {
        var key = Convert.ToBase64String(new byte[bytes]);

        var refused = Assert.Throws<AccessRefusedException>(() => TrackingApp.Build(Settings($"--Auth:SigningKey={key}")));

        Assert.StartsWith("Auth:SigningKey must be base64 of at least 32 bytes", refused.Message);
    }

    [Fact]
    public void A_signing_key_that_is_not_base64_is_refused()
    {
        var refused = Assert.Throws<AccessRefusedException>(() => TrackingApp.Build(Settings("--Auth:SigningKey=this is not base64 but it is longer than thirty-two bytes")));

        Assert.StartsWith("Auth:SigningKey must be base64 of at least 32 bytes", refused.Message);
    }

    [Fact]
    public async Task The_embedded_loopback_default_runs_open_and_logs_the_one_access_control_off_line()
    {
        var logs = new CollectingLogs();
        var app = TrackingApp.Build(Settings("--Logging:LogLevel:Default=Warning"), builder => builder.Logging.AddProvider(logs));
        await app.StartAsync();
        try
        {
            var about = logs.Messages.Where(m => m.Text.Contains("Access control", StringComparison.Ordinal)).ToList();
            var line = Assert.Single(about);
            Assert.Equal(LogLevel.Warning, line.Level);
            Assert.StartsWith("Access control off: embedded mode on loopback only", line.Text);
            // Open: no token is asked for.
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync("/api/v1/branches/none")).StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_token_command_prints_a_token_the_host_accepts_for_its_role_and_scope()
    {
        var org = new AccessOrg();
        await using var host = await AccessHost.StartAsync(AccessHost.MondayLateMorning);
        await host.AdminAsync(HttpMethod.Put, "/api/v1/org", org.Org());
        var (code, printed, error) = RunTokenCommand(["--role", "display", "--branch", org.B1, "--days", "365"]);

        Assert.Equal((0, ""), (code, error));
        var token = printed.Trim();
        var jwt = new JsonWebToken(token);
        Assert.Equal(($"display-{org.B1}", "display", org.B1), (jwt.Subject, jwt.GetClaim("role").Value, jwt.GetClaim("branch").Value));
        Assert.InRange(jwt.ValidTo - DateTime.UtcNow, TimeSpan.FromDays(365) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(365));
        Assert.Equal(200, (await host.GetAsync($"/api/v1/branches/{org.B1}/leaderboard", token)).Status);
        Assert.Equal(403, (await host.GetAsync($"/api/v1/branches/{org.B2}/leaderboard", token)).Status);
        Assert.Equal(403, (await host.GetAsync($"/api/v1/teams/{org.T1}", token)).Status);
    }

    [Fact]
    public async Task The_token_command_prints_an_admin_token_the_host_accepts()
    {
        var org = new AccessOrg();
        await using var host = await AccessHost.StartAsync(AccessHost.MondayLateMorning);
        var (code, printed, _) = RunTokenCommand(["--role", "admin"]);

        Assert.Equal(0, code);
        Assert.Equal(200, (await host.SendAsync(HttpMethod.Put, "/api/v1/org", printed.Trim(), org.Org())).Status);
        Assert.Equal(200, (await host.GetAsync($"/api/v1/teams/{org.T2}", printed.Trim())).Status);
    }

    [Fact]
    public void The_token_command_refuses_an_unknown_role_with_exit_code_2_and_prints_no_token()
    {
        var (code, printed, error) = RunTokenCommand(["--role", "boss", "--branch", "SZ01"]);

        Assert.Equal(2, code);
        Assert.Equal("", printed);
        Assert.Contains("Unknown role 'boss'", error);
    }

    [Fact]
    public void The_token_command_without_a_usable_key_exits_2()
    {
        var (code, printed, error) = RunTokenCommand(["--role", "admin"], key: Convert.ToBase64String(new byte[16]));

        Assert.Equal(2, code);
        Assert.Equal("", printed);
        Assert.Contains("No usable signing key", error);
    }

    private static (int Code, string Output, string Error) RunTokenCommand(string[] args, string? key = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = key ?? TestTokens.SigningKey })
            .Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = TokenCommand.Run(args, configuration, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Every log message of the host, with its level.</summary>
    private sealed class CollectingLogs : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Text)> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CollectingLogs logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Messages.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
