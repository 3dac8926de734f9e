using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Storage;
using Tracking.Grains.Notifications;
using Tracking.Grains.WebPush;

namespace Tracking.Grains;

public static class TrackingSiloBuilderExtensions
{
    /// <summary>
    /// What every silo running the product's grains needs, whatever its storage: grain state is written
    /// with Orleans' own serializer (version-tolerant through the stable [Id]s, and it honours the
    /// surrogates of the domain types), not the JSON default that cannot see inside domain classes.
    /// </summary>
    public static ISiloBuilder AddTrackingGrains(this ISiloBuilder silo)
    {
        silo.Services.RemoveAll<IGrainStorageSerializer>();
        silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        silo.Services.AddOptions<WebPushOptions>();
        silo.Services.TryAddSingleton<WebPushSender>();
        silo.Services.AddOptions<WebhookOptions>();
        silo.Services.TryAddSingleton<NoticeHandoff>();
        return silo;
    }
}
