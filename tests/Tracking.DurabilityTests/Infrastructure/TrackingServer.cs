using Tracking.TestSupport;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Xunit.Abstractions;

namespace Tracking.DurabilityTests.Infrastructure;

/// <summary>
/// The real server, <c>dotnet Tracking.Api.dll</c>, as a separate process in durable mode against one database.
/// Its HTTP, silo and gateway ports are chosen once and kept across restarts: clients find it again at the same
/// address, and the new silo at the old silo's address supersedes the killed one in the membership table at once.
/// </summary>
internal sealed class TrackingServer : IAsyncDisposable
{
    private const int KeptLogLines = 400;
    private static readonly Lazy<string> ApiAssemblyPath = new(FindApiAssembly);
    private static readonly HttpClient HealthClient = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly Queue<string> _log = new();
    private Process? _process;
    private int _incarnation;

    public TrackingServer(string name, string connectionString, params string[] extraArguments)
    {
        Name = name;
        ConnectionString = connectionString;
        ExtraArguments = extraArguments;
        HttpPort = FreePorts.Next();
        SiloPort = FreePorts.Next();
        GatewayPort = FreePorts.Next();
        BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}");
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public int HttpPort { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public Uri BaseAddress { get; }

    /// <summary>Arguments added to the command line at the next start (a drill may start the server again with others).</summary>
    public IReadOnlyList<string> ExtraArguments { get; set; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The directory of the api project, its content root (appsettings.json, wwwroot).</summary>
    public static string ApiProjectDirectory => Path.Combine(TestPostgres.RepositoryRoot, "api", "Tracking.Api");

    /// <summary>Starts the process and waits until <c>GET /health</c> answers 200; returns how long that took.</summary>
    public async Task<TimeSpan> StartAsync(TimeSpan? timeout = null)
    {
        if (IsRunning) throw new InvalidOperationException($"{Name} is already running.");
        _process?.Dispose();
        var incarnation = ++_incarnation;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ApiProjectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ApiAssemblyPath.Value);
        start.ArgumentList.Add($"--contentRoot={ApiProjectDirectory}");
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{HttpPort}");
        start.ArgumentList.Add($"--ConnectionStrings:Tracking={ConnectionString}");
        start.ArgumentList.Add("--Auth:Disabled=true"); // these drills are about durability; access control has its own tests
        start.ArgumentList.Add($"--Orleans:SiloPort={SiloPort.ToString(CultureInfo.InvariantCulture)}");
        start.ArgumentList.Add($"--Orleans:GatewayPort={GatewayPort.ToString(CultureInfo.InvariantCulture)}");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        foreach (var argument in ExtraArguments) start.ArgumentList.Add(argument);
        // Nothing from the test's own environment may redirect the server elsewhere.
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ConnectionStrings__Tracking");

        var stopwatch = Stopwatch.StartNew();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep(incarnation, "out", e.Data);
        process.ErrorDataReceived += (_, e) => Keep(incarnation, "err", e.Data);
        if (!process.Start()) throw new InvalidOperationException($"Could not start {Name}.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Keep(incarnation, "test", $"started pid {process.Id}: http {HttpPort}, silo {SiloPort}, gateway {GatewayPort}");

        var deadline = timeout ?? TimeSpan.FromSeconds(60);
        while (stopwatch.Elapsed < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {process.ExitCode} while starting.\n{LogTail()}");
            }

            try
            {
                using var response = await HealthClient.GetAsync(new Uri(BaseAddress, "/health"));
                if (response.IsSuccessStatusCode) return stopwatch.Elapsed;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{Name} did not answer /health within {deadline.TotalSeconds:0} s.\n{LogTail()}");
    }

    /// <summary>kill -9: SIGKILL to the process (and anything it started), no shutdown code runs.</summary>
    public void Kill()
    {
        var process = _process;
        if (process is null || process.HasExited) return;
        Keep(_incarnation, "test", $"kill -9 pid {process.Id}");
        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    /// <summary>The last lines the process printed (all incarnations), for a failure message.</summary>
    public string LogTail()
    {
        lock (_log)
        {
            return $"--- {Name} ({BaseAddress}) last {_log.Count} log lines ---\n" + string.Join('\n', _log);
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        _process = null;
        return ValueTask.CompletedTask;
    }

    private void Keep(int incarnation, string stream, string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            _log.Enqueue($"[{DateTime.UtcNow:HH:mm:ss.fff} {Name}#{incarnation} {stream}] {line}");
            while (_log.Count > KeptLogLines) _log.Dequeue();
        }
    }

    /// <summary>
    /// api/Tracking.Api/bin/{Configuration}/net10.0/Tracking.Api.dll, Configuration being the one this test assembly
    /// was built in (the project reference builds the api first, in that configuration).
    /// </summary>
    private static string FindApiAssembly()
    {
        var configuration = typeof(TrackingServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Configuration")?.Value;
        if (string.IsNullOrEmpty(configuration))
        {
            // bin/{Configuration}/{TargetFramework}/ of the test assembly.
            configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        }

        var targetFramework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var path = Path.Combine(ApiProjectDirectory, "bin", configuration, targetFramework, "Tracking.Api.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The api is not built in {configuration} (build tests/Tracking.DurabilityTests, which builds it).", path);
    }
}
