using Npgsql;

namespace Tracking.DurabilityTests.Infrastructure;

/// <summary>Samples how many sessions are connected to one database, every 100 ms, and keeps the peak.</summary>
internal sealed class ConnectionSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private int _peak;

    public ConnectionSampler(string adminConnectionString, string database)
    {
        _sampling = Task.Run(async () =>
        {
            await using var connection = new NpgsqlConnection(adminConnectionString);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = $1", connection)
            {
                Parameters = { new NpgsqlParameter { Value = database } },
            };
            while (!_stop.IsCancellationRequested)
            {
                var sessions = Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
                if (sessions > _peak) _peak = sessions;
                await Task.Delay(100).ConfigureAwait(false);
            }
        });
    }

    public int Peak => Volatile.Read(ref _peak);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling.ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
