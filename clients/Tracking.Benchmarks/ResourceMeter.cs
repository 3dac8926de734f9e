using System.Diagnostics;
using Tracking.Benchmarks.Systems;
using Tracking.Clients.Common.Measurement;

namespace Tracking.Benchmarks;

/// <summary>CPU seconds and peak memory over a window: of the system (its processes and its PostgreSQL cluster) and of this process.</summary>
public sealed record Resources(double? SystemCpu, double SelfCpu, long? SystemPeak, long? SelfPeak, double? MachineBusy, string Breakdown);

/// <summary>
/// Measures a window. Processes (server, redis-server, this one): CPU from /proc/PID/stat, peak from VmHWM after
/// resetting it at the window's start. A PostgreSQL cluster: CPU of the postmaster with its backends (live and
/// exited), memory as the highest sum of proportional set sizes seen by sampling every 200 ms.
/// </summary>
public sealed class ResourceMeter(IBenchSystem system)
{
    private TimeSpan? _systemCpu;
    private TimeSpan? _processCpu;
    private TimeSpan? _pgCpu;
    private TimeSpan _selfCpu;
    private (long Busy, long Total)? _machine;
    private long _pgPeak;
    private CancellationTokenSource? _sampling;
    private Task? _sampler;

    public void Begin()
    {
        foreach (var pid in system.Processes) ProcInfo.ResetPeak(pid);
        ProcInfo.ResetPeak(Environment.ProcessId);
        _pgPeak = system.Postgres?.Memory() ?? 0;
        _systemCpu = SystemCpu();
        _processCpu = ProcessesCpu();
        _pgCpu = system.Postgres?.Cpu();
        _selfCpu = SelfCpu();
        _machine = ProcInfo.MachineCpu();
        if (system.Postgres is { } pg)
        {
            _sampling = new CancellationTokenSource();
            var token = _sampling.Token;
            _sampler = Task.Run(async () =>
            {
                while (!token.IsCancellationRequested)
                {
                    if (pg.Memory() is { } m && m > Volatile.Read(ref _pgPeak)) Volatile.Write(ref _pgPeak, m);
                    try { await Task.Delay(200, token); }
                    catch (OperationCanceledException) { }
                }
            });
        }
    }

    public async Task<Resources> EndAsync()
    {
        var systemCpu = SystemCpu();
        var processCpu = ProcessesCpu();
        var pgCpu = system.Postgres?.Cpu();
        var selfCpu = SelfCpu();
        var machine = ProcInfo.MachineCpu();
        if (_sampling is not null)
        {
            await _sampling.CancelAsync();
            await _sampler!;
            _sampling.Dispose();
        }
        long? peak = null;
        foreach (var pid in system.Processes)
            if (ProcInfo.Memory(pid).Peak is { } p) peak = (peak ?? 0) + p;
        if (system.Postgres is not null) peak = (peak ?? 0) + _pgPeak;
        double? busy = _machine is { } m0 && machine is { } m1 && m1.Total > m0.Total ? (double)(m1.Busy - m0.Busy) / (m1.Total - m0.Total) : null;
        return new Resources(
            systemCpu is { } a && _systemCpu is { } b ? (a - b).TotalSeconds : null,
            (selfCpu - _selfCpu).TotalSeconds,
            peak,
            ProcInfo.Memory(Environment.ProcessId).Peak,
            busy,
            Breakdown(processCpu, pgCpu, peak));
    }

    private string Breakdown(TimeSpan? processCpu, TimeSpan? pgCpu, long? peak)
    {
        if (system.Processes.Count == 0 || system.Postgres is null) return "";
        var process = processCpu is { } p1 && _processCpu is { } p0 ? $"{(p1 - p0).TotalSeconds:0.0}" : "n/a";
        var pg = pgCpu is { } g1 && _pgCpu is { } g0 ? $"{(g1 - g0).TotalSeconds:0.0}" : "n/a";
        var processPeak = system.Processes.Sum(pid => ProcInfo.Memory(pid).Peak ?? 0) / 1024.0 / 1024;
        return $"CPU s: server {process}, PostgreSQL {pg}; peak MiB: server {processPeak:0}, PostgreSQL {Volatile.Read(ref _pgPeak) / 1024.0 / 1024:0}";
    }

    private TimeSpan? ProcessesCpu()
    {
        TimeSpan? total = null;
        foreach (var pid in system.Processes)
            if (ProcInfo.ProcessCpu(pid) is { } cpu) total = (total ?? TimeSpan.Zero) + cpu;
        return total;
    }

    private TimeSpan? SystemCpu()
    {
        TimeSpan? total = null;
        foreach (var pid in system.Processes)
            if (ProcInfo.ProcessCpu(pid) is { } cpu) total = (total ?? TimeSpan.Zero) + cpu;
        if (system.Postgres?.Cpu() is { } pgCpu) total = (total ?? TimeSpan.Zero) + pgCpu;
        return total;
    }

    private static TimeSpan SelfCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
