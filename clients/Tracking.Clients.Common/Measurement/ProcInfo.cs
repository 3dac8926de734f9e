using System.Globalization;
using System.Runtime.InteropServices;

namespace Tracking.Clients.Common.Measurement;

/// <summary>Readings from Linux's /proc; every method answers null where /proc is not available.</summary>
public static class ProcInfo
{
    /// <summary>VmHWM (peak resident set) and VmRSS of a process, in bytes.</summary>
    public static (long? Peak, long? Current) Memory(int pid)
    {
        try
        {
            long? peak = null, rss = null;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line);
                else if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line);
            }
            return (peak, rss);
        }
        catch (IOException) { return (null, null); }
        catch (UnauthorizedAccessException) { return (null, null); }
    }

    private static long? Kilobytes(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : null;
    }

    /// <summary>The whole machine's CPU time (busy, total) in clock ticks, from the first line of /proc/stat.</summary>
    public static (long Busy, long Total)? MachineCpu()
    {
        try
        {
            var first = File.ReadLines("/proc/stat").First();
            var fields = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal [guest guest_nice, already inside user and nice]
            var total = fields.Take(8).Sum();
            var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
            return (total - idle, total);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// The process listening on the URL's TCP port on this machine: the socket's inode from /proc/net/tcp
    /// (or tcp6), then the process holding a descriptor on it. Null when it cannot be told.
    /// </summary>
    public static int? FindListeningPid(string url)
    {
        try
        {
            var uri = new Uri(url);
            if (!uri.IsLoopback) return null;
            var inodes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
            {
                if (!File.Exists(table)) continue;
                foreach (var line in File.ReadLines(table).Skip(1))
                {
                    var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (f.Length < 10 || f[3] != "0A") continue; // 0A = LISTEN
                    var port = int.Parse(f[1][(f[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    if (port == uri.Port) inodes.Add(f[9]);
                }
            }
            if (inodes.Count == 0) return null;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
                try
                {
                    foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")))
                    {
                        var target = new FileInfo(fd).LinkTarget;
                        if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1])) return pid;
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Not ours to look into, or gone.
                }
            }
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or UriFormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// CPU time of a process from <c>/proc/PID/stat</c>: its own user + system time and, with
    /// <paramref name="withReapedChildren"/>, that of its children that have exited and been waited for.
    /// </summary>
    public static TimeSpan? ProcessCpu(int pid, bool withReapedChildren = false)
    {
        var f = StatFields(pid);
        if (f is null) return null;
        // Fields after "(comm)": [0] state, [1] ppid, ..., [11] utime, [12] stime, [13] cutime, [14] cstime.
        var ticks = f.Value.Fields[11] + f.Value.Fields[12] + (withReapedChildren ? f.Value.Fields[13] + f.Value.Fields[14] : 0);
        return TimeSpan.FromSeconds((double)ticks / ClockTicksPerSecond);
    }

    /// <summary>
    /// CPU time of a process tree one level deep, e.g. a PostgreSQL postmaster and its backends: the parent with
    /// its exited children (reaped at once by the postmaster) plus every live child. Differenced over a window it
    /// is the work the whole server did in it, connections opened and closed meanwhile included.
    /// </summary>
    public static TimeSpan? ProcessAndChildrenCpu(int parentPid)
    {
        var parent = ProcessCpu(parentPid, withReapedChildren: true);
        if (parent is null) return null;
        var total = parent.Value;
        foreach (var child in Children(parentPid))
            if (ProcessCpu(child) is { } cpu) total += cpu;
        return total;
    }

    /// <summary>The live children of a process (from the ppid field of every <c>/proc/PID/stat</c>).</summary>
    public static IReadOnlyList<int> Children(int parentPid)
    {
        var children = new List<int>();
        try
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
                if (StatFields(pid) is { } f && f.Fields[1] == parentPid) children.Add(pid);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // /proc not readable: no children known.
        }
        return children;
    }

    /// <summary>
    /// Proportional set size (shared pages divided among the processes sharing them) in bytes, from
    /// <c>/proc/PID/smaps_rollup</c>: summed over a postmaster and its backends it counts shared buffers once.
    /// </summary>
    public static long? Pss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
                if (line.StartsWith("Pss:", StringComparison.Ordinal)) return Kilobytes(line);
            return null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Resets a process's peak resident set (VmHWM) to its current one (Linux 4.0+; needs the right to write clear_refs).</summary>
    public static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    private static (string Comm, long[] Fields)? StatFields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var open = text.IndexOf('(');
            var close = text.LastIndexOf(')');
            if (open < 0 || close < open) return null;
            var rest = text[(close + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var fields = new long[Math.Min(rest.Length, 20)];
            for (var i = 1; i < fields.Length; i++)
                fields[i] = long.TryParse(rest[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : 0;
            return (text[(open + 1)..close], fields);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static readonly long ClockTicksPerSecond = ReadClockTicks();

    private static long ReadClockTicks()
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                var ticks = Native.sysconf(Native.SC_CLK_TCK);
                if (ticks > 0) return ticks;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Fall back to the value of every common Linux build.
        }
        return 100;
    }

    private static class Native
    {
        public const int SC_CLK_TCK = 2;

        [DllImport("libc", SetLastError = true)]
        public static extern long sysconf(int name);
    }
}
