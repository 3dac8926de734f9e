using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

using Tracking.Clients.Common.Measurement;

namespace Tracking.Clients.Common.Hosting;

/// <summary>How to start the server: which build, durable on which PostgreSQL (null: embedded), extra arguments.</summary>
public sealed record ServerLaunch(string? ServerDll = null, string? Postgres = null, IReadOnlyList<string>? ExtraArgs = null)
{
    /// <summary>The server's log level (Warning: what it says is worth seeing, and a quiet server costs the run nothing).</summary>
    public string LogLevel { get; init; } = "Warning";
}


/// <summary>
/// The server under test: either a child process this program starts (the built Tracking.Api.dll on free
/// loopback ports) or one already running at <c>--url</c>. Either way it can report the process's CPU time
/// and memory, when the process is known.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process? _child;
    private readonly Process? _watched;
    private readonly Queue<string> _recentOutput = new();
    private readonly Lock _outputGate = new();
    private int _outputLines;
    private int _shownLines;
    private const int MaxShownLines = 20;

    private ServerProcess(string baseUrl, Process? child, Process? watched, string description)
    {
        BaseUrl = baseUrl;
        _child = child;
        _watched = watched;
        Description = description;
    }

    public string BaseUrl { get; }
    public string Description { get; }
    public int? Pid => _watched?.Id;
    public bool IsChild => _child is not null;

    /// <summary>Lines the server wrote to stdout/stderr so far (warnings and errors at the default log level).</summary>
    public int OutputLines => Volatile.Read(ref _outputLines);

    public static ServerProcess Attach(string url, int? pid)
    {
        pid ??= ProcInfo.FindListeningPid(url);
        Process? process = null;
        if (pid is { } id)
        {
            try { process = Process.GetProcessById(id); }
            catch (ArgumentException) { Console.WriteLine($"warning: process {id} is not running; server CPU and memory will be n/a."); }
        }
        else
        {
            Console.WriteLine("note: the server's process was not found from its port; pass --server-pid for its CPU and memory.");
        }
        return new ServerProcess(url, null, process, $"external server at {url}" + (process is null ? "" : $" (pid {process.Id})"));
    }

    public static async Task<ServerProcess> StartAsync(ServerLaunch options, CancellationToken cancel)
    {
        var dll = options.ServerDll ?? await LocateOrBuildServerAsync(cancel);
        var (http, silo, gateway) = FreePorts();
        var baseUrl = $"http://127.0.0.1:{http}";
        // From the repository's build, run in the project directory like `dotnet run` (appsettings.json, wwwroot).
        var projectDir = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(dll)!, "..", "..", ".."));
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = File.Exists(Path.Combine(projectDir, "Tracking.Api.csproj")) ? projectDir : Path.GetDirectoryName(dll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add($"--urls={baseUrl}");
        start.ArgumentList.Add($"--Orleans:SiloPort={silo}");
        start.ArgumentList.Add($"--Orleans:GatewayPort={gateway}");
        start.ArgumentList.Add($"--Logging:LogLevel:Default={options.LogLevel}");
        if (options.Postgres is not null)
        {
            start.ArgumentList.Add($"--ConnectionStrings:Tracking={options.Postgres}");
            // The tools drive the server without tokens: a durable server must be told explicitly to run open.
            start.ArgumentList.Add("--Auth:Disabled=true");
        }
        foreach (var extra in options.ExtraArgs ?? []) start.ArgumentList.Add(extra);

        var child = Process.Start(start) ?? throw new InvalidOperationException("The server process did not start.");
        var mode = options.Postgres is null ? "embedded (in memory)" : "durable (PostgreSQL)";
        var server = new ServerProcess(baseUrl, child, child, $"{mode} server, pid {child.Id}, {baseUrl}, {dll}");
        child.OutputDataReceived += (_, e) => server.OnOutput(e.Data);
        child.ErrorDataReceived += (_, e) => server.OnOutput(e.Data);
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.KillNow();
        return server;
    }

    /// <summary>Polls GET /health until it answers 200.</summary>
    public async Task WaitHealthyAsync(HttpClient http, TimeSpan timeout, CancellationToken cancel)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        Exception? last = null;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_child is { HasExited: true })
                throw new InvalidOperationException($"The server exited with code {_child.ExitCode} before it was healthy. Its last output:\n{RecentOutput()}");
            try
            {
                using var response = await http.GetAsync($"{BaseUrl}/health", cancel);
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = new HttpRequestException($"/health answered {(int)response.StatusCode}");
            }
            catch (HttpRequestException ex) { last = ex; }
            await Task.Delay(200, cancel);
        }
        throw new TimeoutException($"{BaseUrl}/health did not answer 200 within {timeout.TotalSeconds:0} s ({last?.Message}).\n{RecentOutput()}");
    }

    /// <summary>The server's CPU time so far (user + system), if its process is known and alive.</summary>
    public TimeSpan? CpuTime()
    {
        try
        {
            if (_watched is null || _watched.HasExited) return null;
            _watched.Refresh();
            return _watched.TotalProcessorTime;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Peak resident memory (VmHWM) and current resident memory (VmRSS), in bytes.</summary>
    public (long? Peak, long? Current) Memory()
    {
        if (_watched is null) return (null, null);
        var (peak, rss) = ProcInfo.Memory(_watched.Id);
        if (peak is not null) return (peak, rss);
        try
        {
            _watched.Refresh();
            return (_watched.PeakWorkingSet64, _watched.WorkingSet64);
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException)
        {
            return (null, null);
        }
    }

    public string RecentOutput()
    {
        lock (_outputGate) return string.Join('\n', _recentOutput);
    }

    private void OnOutput(string? line)
    {
        if (line is null) return;
        Interlocked.Increment(ref _outputLines);
        lock (_outputGate)
        {
            _recentOutput.Enqueue(line);
            while (_recentOutput.Count > 40) _recentOutput.Dequeue();
        }
        // The server logs at Warning: what it says is worth seeing, but a chatty server must not load the
        // benchmark (or bury its output): the first lines are shown, the rest only counted.
        var shown = Interlocked.Increment(ref _shownLines);
        if (shown > MaxShownLines) return;
        if (line.Length > 300) line = line[..300] + " …";
        Console.Error.WriteLine(shown == MaxShownLines ? $"  [server] {line}\n  [server] … (further server output is counted, not shown)" : $"  [server] {line}");
    }

    /// <summary>Stops a started server: SIGTERM for a graceful shutdown, then kill after a grace period.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_child is null || _child.HasExited) return;
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) _ = Posix.kill(_child.Id, Posix.SIGTERM);
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _child.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            KillNow();
        }
    }

    private void KillNow()
    {
        try
        {
            if (_child is { HasExited: false }) _child.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    private static (int Http, int Silo, int Gateway) FreePorts()
    {
        var ports = FreeLoopbackPorts(3);
        return (ports[0], ports[1], ports[2]);
    }

    /// <summary>Loopback TCP ports free at this moment (asked of the kernel, all held open together so they differ).</summary>
    public static int[] FreeLoopbackPorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        foreach (var l in listeners) l.Start();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var l in listeners) l.Stop();
        return ports;
    }

    /// <summary>
    /// The server build of this program's own configuration, found by walking up to Tracking.sln; built
    /// with <c>dotnet build</c> when missing (running this project with <c>dotnet run</c> builds it already).
    /// </summary>
    private static async Task<string> LocateOrBuildServerAsync(CancellationToken cancel)
    {
        var root = FindRepositoryRoot()
            ?? throw new InvalidOperationException("Tracking.sln was not found above the current or this program's directory; pass --server-dll or --url.");
        var configuration = BuildInfo.Configuration;
        var dll = Path.Combine(root, "api", "Tracking.Api", "bin", configuration, "net10.0", "Tracking.Api.dll");
        if (File.Exists(dll)) return dll;

        Console.WriteLine($"Building the server ({configuration}): {dll} is missing …");
        var build = new ProcessStartInfo("dotnet") { WorkingDirectory = root, UseShellExecute = false };
        foreach (var a in new[] { "build", "-c", configuration, "--nologo", "-v", "q", Path.Combine("api", "Tracking.Api", "Tracking.Api.csproj") })
            build.ArgumentList.Add(a);
        using var process = Process.Start(build) ?? throw new InvalidOperationException("dotnet build did not start.");
        await process.WaitForExitAsync(cancel);
        if (process.ExitCode != 0 || !File.Exists(dll))
            throw new InvalidOperationException($"Building the server failed (exit code {process.ExitCode}); {dll} is still missing.");
        return dll;
    }

    /// <summary>The directory holding Tracking.sln, above the current directory or this program's; null when none is.</summary>
    public static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Tracking.sln"))) return dir.FullName;
            }
        }
        return null;
    }

    private static class Posix
    {
        public const int SIGTERM = 15;

        [DllImport("libc", SetLastError = true)]
        public static extern int kill(int pid, int sig);
    }
}

public static class BuildInfo
{
#if DEBUG
    public static readonly string Configuration = "Debug";
#else
    public static readonly string Configuration = "Release";
#endif
}
