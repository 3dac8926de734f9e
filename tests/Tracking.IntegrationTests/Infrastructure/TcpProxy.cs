using System.Net;
using System.Net.Sockets;

namespace Tracking.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of the host, so a test can cut every connection (a network drop) or stop
/// passing the server's bytes on to the client (a client that stops reading), at the socket level.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TcpClient Client, TcpClient Server)> _pairs = [];
    private readonly Lock _gate = new();
    private volatile bool _paused;
    private readonly Task _acceptLoop;

    public TcpProxy(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Loopback, target.Port);
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>While paused, nothing the server sends is read from its socket, so its send buffers fill up.</summary>
    public bool PauseServerToClient
    {
        get => _paused;
        set => _paused = value;
    }

    /// <summary>Closes every proxied connection at once; new connections are still accepted.</summary>
    public void DropAll()
    {
        lock (_gate)
        {
            foreach (var (client, server) in _pairs)
            {
                try
                {
                    client.Client.LingerState = new LingerOption(true, 0); // RST, like a network failure
                }
                catch (ObjectDisposedException)
                {
                    // already closed by its pipe
                }
                client.Close();
                server.Close();
            }
            _pairs.Clear();
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch { return; }
            var server = new TcpClient();
            try { await server.ConnectAsync(_target, _stop.Token); }
            catch { client.Close(); continue; }
            lock (_gate) _pairs.Add((client, server));
            _ = PipeAsync(client.GetStream(), server.GetStream(), respectPause: false);
            _ = PipeAsync(server.GetStream(), client.GetStream(), respectPause: true);
        }
    }

    private async Task PipeAsync(NetworkStream from, NetworkStream to, bool respectPause)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                while (respectPause && _paused) await Task.Delay(20, _stop.Token);
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0) break;
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch
        {
            // a dropped connection ends its pipes
        }
        finally
        {
            from.Close();
            to.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropAll();
        try { await _acceptLoop; } catch { /* stopping */ }
    }
}
