using System.Diagnostics;
using System.Globalization;

namespace Tracking.Benchmarks;

/// <summary>
/// With <c>--trace DIR</c>: a dotnet-trace sample of the server's thread stacks (profile
/// dotnet-sampled-thread-time, about 100 Hz) over a phase's measured window, then dotnet-trace's top methods by
/// exclusive and inclusive time. Tracing costs the server CPU: a traced run's figures are not the reported ones.
/// </summary>
public static class ServerTrace
{
    public static string? FindTool()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.Combine(home, ".dotnet", "tools"))
            .Select(d => Path.Combine(d, "dotnet-trace"));
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Starts collecting after <paramref name="delay"/> for <paramref name="duration"/>; the task ends with the trace file's path.</summary>
    public static async Task<string?> CollectAsync(string tool, int pid, TimeSpan delay, TimeSpan duration, string path, CancellationToken cancel)
    {
        await Task.Delay(delay, cancel);
        var start = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time",
                     "--duration", duration.ToString(@"dd\:hh\:mm\:ss", CultureInfo.InvariantCulture), "-o", path })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start);
        if (process is null) return null;
        var output = process.StandardOutput.ReadToEndAsync(cancel);
        var errors = process.StandardError.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);
        if (process.ExitCode != 0 || !File.Exists(path))
        {
            Console.WriteLine($"    dotnet-trace failed ({process.ExitCode}): {(await errors).Trim()} {(await output).Trim()}");
            return null;
        }
        return path;
    }

    /// <summary>
    /// The busy part of a thread-time trace: dotnet-trace converts it to speedscope (per thread, when each frame
    /// was entered and left); time whose innermost frame is a blocking wait (idle thread-pool threads, timers,
    /// sockets waiting) is dropped, and the rest is summed per method, inclusive (a method anywhere on the stack)
    /// and exclusive (innermost). Threads stopped for a garbage collection (PollGC) are counted apart.
    /// </summary>
    public static async Task PrintBusyAsync(string tool, string path, int count)
    {
        var output = Path.ChangeExtension(path, null);
        var start = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "convert", "--format", "Speedscope", path, "-o", output }) start.ArgumentList.Add(a);
        using (var process = Process.Start(start))
        {
            if (process is null) return;
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
        }
        var json = output + ".speedscope.json";
        if (!File.Exists(json)) { Console.WriteLine($"    {json} was not written."); return; }

        using var document = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync(json));
        var frames = document.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray().Select(f => f.GetProperty("name").GetString() ?? "?").ToArray();
        // The sampler ends each stack with a pseudo-frame for the thread's state: CPU_TIME (running managed code)
        // or UNMANAGED_CODE_TIME (in native code: a blocking wait, a system call, the runtime).
        var idle = frames.Select(IsIdle).ToArray();
        var gcWait = frames.Select(f => f.Contains("PollGC", StringComparison.Ordinal)).ToArray();
        var cpuLeaf = frames.Select(f => f == "CPU_TIME").ToArray();
        var pseudo = frames.Select(f => f is "CPU_TIME" or "UNMANAGED_CODE_TIME").ToArray();
        var inclusive = new double[frames.Length];
        var exclusive = new double[frames.Length];
        var component = frames.Select(Component).ToArray();
        var byComponent = new Dictionary<string, double>(StringComparer.Ordinal);
        double busy = 0, total = 0, gcWaiting = 0, managed = 0;
        var seen = new int[frames.Length];
        var mark = 0;
        foreach (var profile in document.RootElement.GetProperty("profiles").EnumerateArray())
        {
            if (profile.GetProperty("type").GetString() != "evented") continue;
            var stack = new List<int>();
            double last = 0;
            foreach (var e in profile.GetProperty("events").EnumerateArray())
            {
                var at = e.GetProperty("at").GetDouble();
                var dt = at - last;
                if (stack.Count > 0 && dt > 0)
                {
                    total += dt;
                    var leaf = stack[^1];
                    var inner = pseudo[leaf] && stack.Count > 1 ? stack[^2] : leaf;
                    if (gcWait[inner]) gcWaiting += dt;
                    else if (cpuLeaf[leaf])
                    {
                        busy += dt;
                        if (cpuLeaf[leaf]) managed += dt;
                        exclusive[inner] += dt;
                        // The component: the outermost of the server's own types on the stack, else the outermost library
                        // other than the runtime's core (thread pool, timers, locks), else the core itself.
                        var owner = stack.Select(f => component[f]).FirstOrDefault(c => c is not null)
                                    ?? stack.Select(f => Library(frames[f])).FirstOrDefault(l => l is not null)
                                    ?? "runtime only (thread pool, timers, locks, GC, unresolved native frames)";
                        byComponent[owner] = byComponent.GetValueOrDefault(owner) + dt;
                        mark++;
                        foreach (var f in stack)
                        {
                            if (seen[f] == mark || pseudo[f]) continue;
                            seen[f] = mark;
                            inclusive[f] += dt;
                        }
                    }
                }
                last = at;
                var frame = e.GetProperty("frame").GetInt32();
                if (e.GetProperty("type").GetString() == "O") stack.Add(frame);
                else if (stack.Count > 0) stack.RemoveAt(stack.Count - 1);
            }
        }
        if (busy <= 0) { Console.WriteLine("    no busy samples."); return; }
        Console.WriteLine($"Managed CPU samples in {Path.GetFileName(path)}: {busy / 1000:0.0} s of {total / 1000:0.0} s of thread time sampled; " +
                          $"threads stopped for a GC: {gcWaiting / 1000:0.0} s ({gcWaiting / total:P0}). Shares of the managed CPU samples:");
        Console.WriteLine("  by component (the outermost of the server's own types on the stack, else the outermost library):");
        foreach (var (name, time) in byComponent.OrderByDescending(kv => kv.Value).Take(count / 2))
            Console.WriteLine($"    {time / busy,6:P1}  {name}");
        Console.WriteLine("  inclusive, the application's and its libraries' methods (anywhere on the stack):");
        foreach (var i in Enumerable.Range(0, frames.Length).OrderByDescending(i => inclusive[i]).Where(i => IsApplication(frames[i])).Take(count))
            Console.WriteLine($"    {inclusive[i] / busy,6:P1}  {Short(frames[i])}");
        Console.WriteLine("  exclusive (innermost managed method; ?!? = unresolved native frames):");
        foreach (var i in Enumerable.Range(0, frames.Length).OrderByDescending(i => exclusive[i]).Take(count / 2))
            Console.WriteLine($"    {exclusive[i] / busy,6:P1}  {Short(frames[i])}");
    }

    private static readonly string[] IdleFrames =
    [
        "WaitHandle.Wait", "Monitor.Wait", "LowLevelLifoSemaphore.Wait", "ManualResetEventSlim.Wait", "Interop+Sys.Read(",
        "Thread.Sleep", "SpinThenBlockingWait", "WaitForSignal", "Interop+Sys.WaitForSocketEvents", "Interop+Sys.Poll",
        "LowLevelMonitor.Wait", "WaitNative", "Interop+Sys.LowLevelMonitor", "Thread.Join", "Interop+Sys.Accept",
    ];

    private static bool IsIdle(string frame) => IdleFrames.Any(f => frame.Contains(f, StringComparison.Ordinal));

    // The server's own code and the libraries doing its I/O; the runtime's and Orleans' scheduling plumbing is on
    // nearly every stack and says nothing about where the time goes.
    private static bool IsApplication(string frame) =>
        (frame.StartsWith("Tracking.", StringComparison.Ordinal) || frame.StartsWith("Npgsql", StringComparison.Ordinal)
         || frame.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal) || frame.StartsWith("Orleans.Serialization", StringComparison.Ordinal)
         || frame.Contains("Orleans.Runtime.Messaging", StringComparison.Ordinal) || frame.StartsWith("System.Text.Json", StringComparison.Ordinal))
        && !frame.Contains("d__", StringComparison.Ordinal);

    /// <summary>"Tracking.Grains!Tracking.Grains.TeamGrain+&lt;Report&gt;d__20.MoveNext()" → "Tracking.Grains.TeamGrain"; null for other frames.</summary>
    private static string? Component(string frame)
    {
        var bang = frame.IndexOf('!');
        if (bang < 0 || !frame.StartsWith("Tracking.", StringComparison.Ordinal)) return null;
        var name = frame[(bang + 1)..];
        var paren = name.IndexOf('(');
        if (paren >= 0) name = name[..paren];
        var plus = name.IndexOf('+');
        if (plus >= 0) name = name[..plus];
        else if (name.LastIndexOf('.') is var dot and > 0) name = name[..dot]; // drop the method
        return name.StartsWith("OrleansCodeGen.", StringComparison.Ordinal) ? null : name;
    }

    private static string? Library(string frame)
    {
        var bang = frame.IndexOf('!');
        if (bang <= 0) return null;
        var module = frame[..bang];
        return module switch
        {
            "System.Private.CoreLib" or "?" or "Tracking.Grains" or "Tracking.Api" or "Tracking.Domain" or "Tracking.Abstractions" or "Tracking.Persistence" => null,
            _ when module.StartsWith("Orleans", StringComparison.Ordinal) => "Orleans runtime (messaging, scheduling, serialization)",
            _ when module.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || module.StartsWith("System.Net", StringComparison.Ordinal) || module.StartsWith("System.IO.Pipelines", StringComparison.Ordinal)
                => "ASP.NET Core / Kestrel / sockets",
            _ when module.StartsWith("Npgsql", StringComparison.Ordinal) => "Npgsql",
            _ => $"other: {module}",
        };
    }

    private static string Short(string frame) => frame.Length > 150 ? frame[..150] + "…" : frame;

    public static async Task PrintTopAsync(string tool, string path, int count)
    {
        foreach (var inclusive in new[] { false, true })
        {
            var start = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardOutput = true };
            foreach (var a in new[] { "report", path, "topN", "-n", count.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(a);
            if (inclusive) start.ArgumentList.Add("--inclusive");
            using var process = Process.Start(start);
            if (process is null) return;
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Console.WriteLine($"dotnet-trace report {Path.GetFileName(path)} topN -n {count}{(inclusive ? " --inclusive" : "")}:");
            Console.WriteLine(text.TrimEnd());
        }
    }
}
