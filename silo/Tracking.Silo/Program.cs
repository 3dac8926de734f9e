using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tracking.Abstractions;
using Tracking.Hosting;

// A silo without the HTTP API: grains only. API hosts started with Orleans:Role=client connect to a cluster
// of these (several nodes form one Orleans cluster when one machine is not enough; docs/design.md, "Architecture").
var builder = Host.CreateApplicationBuilder(args);
builder.Services.TryAddKeyedSingleton(TrackingTime.ServiceKey, TimeProvider.System);
builder.UseOrleans(silo => silo.UseTrackingSilo(builder.Configuration));

var host = builder.Build();
await host.StartAsync();
host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tracking.Silo")
    .LogInformation("Tracking silo started; state {Store}.", TrackingClusterHosting.DescribeStore(builder.Configuration));
await host.WaitForShutdownAsync();
