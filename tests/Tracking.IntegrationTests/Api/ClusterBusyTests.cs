using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Tracking.Api.Hosting;

namespace Tracking.IntegrationTests.Api;

/// <summary>
/// A call Orleans refused for now (an activation that could not start in time, e.g. while a restarted node rebuilds
/// a hundred thousand agents) is a 503 with Retry-After, like an unreachable database, not a 500.
/// </summary>
public sealed class ClusterBusyTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_rejected_grain_call_is_answered_503_with_retry_after_and_problem_details(bool wrapped)
    {
        // The runtime throws the base type (its constructor is internal); a subclass stands for it here.
        Exception rejection = new SiloUnavailableException("The silo of the target activation is unavailable.");
        if (wrapped) rejection = new AggregateException(new InvalidOperationException("outer", rejection));
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();

        var handled = await new StoreUnavailableHandler(NullLogger<StoreUnavailableHandler>.Instance).TryHandleAsync(context, rejection, CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith("application/problem+json", context.Response.ContentType);
    }

    [Fact]
    public async Task An_activation_cancelled_by_the_runtime_is_a_503_unless_the_client_went_away()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var handler = new StoreUnavailableHandler(NullLogger<StoreUnavailableHandler>.Instance);
        var cancelledActivation = new TaskCanceledException("Activation was cancelled by the runtime.");

        var served = new DefaultHttpContext { RequestServices = services };
        served.Response.Body = new MemoryStream();
        Assert.True(await handler.TryHandleAsync(served, cancelledActivation, CancellationToken.None));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, served.Response.StatusCode);

        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        var gone = new DefaultHttpContext { RequestServices = services, RequestAborted = aborted.Token };
        Assert.False(await handler.TryHandleAsync(gone, cancelledActivation, CancellationToken.None));
    }

    [Fact]
    public async Task Any_other_failure_is_left_to_the_default_handler()
    {
        var context = new DefaultHttpContext();

        var handled = await new StoreUnavailableHandler(NullLogger<StoreUnavailableHandler>.Instance)
            .TryHandleAsync(context, new InvalidOperationException("a bug"), CancellationToken.None);

        Assert.False(handled);
        Assert.True(StoreUnavailableHandler.IsClusterBusy(new SiloUnavailableException()));
        Assert.False(StoreUnavailableHandler.IsClusterBusy(new InvalidOperationException("a bug")));
    }
}
