using System.Globalization;

namespace Tracking.PushBenchmark;

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
}
