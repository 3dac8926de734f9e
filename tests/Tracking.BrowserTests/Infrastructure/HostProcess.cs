using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tracking.BrowserTests.Infrastructure;

/// <summary>
/// The real Tracking host (embedded mode) as a separate process, started from its build output with the
/// API project as working directory so that it serves the web pages built into its wwwroot. It can be
/// stopped and started again on the same HTTP port, as a server restart.
/// </summary>
/// <param name="settings">Extra command-line settings, e.g. <c>--Auth:SigningKey=…</c>.</param>
public sealed class HostProcess(params string[] settings) : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    public int Port { get; } = FreePort();

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public static string ApiDirectory => Path.Combine(Paths.RepositoryRoot, "api", "Tracking.Api");

    public static string AssemblyPath => Path.Combine(ApiDirectory, "bin", Paths.Configuration, "net10.0", "Tracking.Api.dll");

    public string Output { get { lock (_output) return _output.ToString(); } }

    public async Task StartAsync()
    {
        if (!File.Exists(AssemblyPath)) throw new FileNotFoundException("Build api/Tracking.Api first (dotnet build Tracking.sln).", AssemblyPath);
        foreach (var page in new[] { "index.html", "display.html", "console.html", "app.js", "display.js", "console.js" })
        {
            var file = Path.Combine(ApiDirectory, "wwwroot", page);
            if (!File.Exists(file)) throw new FileNotFoundException("The web pages are not built (clients/web, run by the API's build).", file);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ApiDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AssemblyPath);
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{Port}");
        // Fresh silo ports each start: only the HTTP address has to stay the same for the screens.
        start.ArgumentList.Add($"--Orleans:SiloPort={FreePort()}");
        start.ArgumentList.Add($"--Orleans:GatewayPort={FreePort()}");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        foreach (var setting in settings) start.ArgumentList.Add(setting);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the host.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The host exited with code {process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The host did not answer /health within 60 s:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>Stops the host as a deployment would (SIGTERM, graceful shutdown); kills it if that takes too long.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        if (process is null) return;
        _process = null;
        if (!process.HasExited)
        {
            using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString()]) { UseShellExecute = false }))
            {
                if (kill is not null) await kill.WaitForExitAsync();
            }
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        var process = _process;
        _process = null;
        if (process is null) return;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
