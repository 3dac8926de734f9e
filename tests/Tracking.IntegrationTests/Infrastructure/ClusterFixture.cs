using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Tracking.Abstractions;
using Tracking.Abstractions.Storage;
using Tracking.Grains;
using Tracking.Grains.Storage;

namespace Tracking.IntegrationTests.Infrastructure;

/// <summary>An in-process Orleans test cluster running the product's grains with a fake product clock.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>Monday 2026-11-23 10:00 in Shanghai.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8));

    public FakeTimeProvider Time { get; } = new(Start);

    public GrainCallCounter Calls { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddTrackingGrains();
            silo.AddIncomingGrainCallFilter(Calls.CountAsync);
            silo.AddMemoryGrainStorage("tracking");
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            silo.Services.AddKeyedSingleton<TimeProvider>(TrackingTime.ServiceKey, Time);
            silo.Services.AddSingleton<IEventLog, InMemoryEventLog>();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
