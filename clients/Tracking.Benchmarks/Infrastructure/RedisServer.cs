using System.Diagnostics;
using System.Net.Sockets;
using Tracking.Clients.Common.Hosting;

namespace Tracking.Benchmarks.Infrastructure;

/// <summary>
/// A redis-server of the benchmark's own (Debian's package), on a free loopback port with its own config and
/// directory: append-only file on, fsync <c>always</c> (each write on disk before its reply, like a PostgreSQL
/// commit) or <c>everysec</c> (its default: up to a second of writes can be lost), no RDB snapshots.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private RedisServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }
    public int Pid => _process.Id;
    public string Endpoint => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync(string fsync, CancellationToken cancel)
    {
        var binary = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed (Debian: apt-get install -y redis-server).");
        var port = ServerProcess.FreeLoopbackPorts(1)[0];
        var directory = Path.Combine(Path.GetTempPath(), $"tracking-bench-redis-{Environment.ProcessId}-{port}");
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "redis.conf");
        await File.WriteAllTextAsync(config, $"""
            # The benchmark's own instance (clients/Tracking.Benchmarks); deleted when the run ends.
            bind 127.0.0.1
            port {port}
            protected-mode yes
            daemonize no
            dir {directory}
            logfile ""
            loglevel warning
            save ""
            appendonly yes
            appendfsync {fsync}
            """, cancel);
        var start = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(config);
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, directory, port);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"redis-server exited with code {process.ExitCode}.");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port, cancel);
                return server;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(100, cancel);
            }
        }
    }

    public string Version()
    {
        try
        {
            var start = new ProcessStartInfo(_process.StartInfo.FileName, "--version") { RedirectStandardOutput = true, UseShellExecute = false };
            using var p = Process.Start(start)!;
            var text = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            var v = text.Split(' ').FirstOrDefault(t => t.StartsWith("v=", StringComparison.Ordinal));
            return v?[2..] ?? "?";
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
    }
}
