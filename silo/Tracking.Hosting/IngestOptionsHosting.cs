using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tracking.Abstractions;

namespace Tracking.Hosting;

/// <summary>Binds <see cref="IngestOptions"/>: the API refuses events by it and the silos' ledgers keep what it accepts.</summary>
public static class IngestOptionsHosting
{
    public static IServiceCollection AddIngestOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestOptions>()
            .Bind(configuration.GetSection(IngestOptions.Section))
            .Validate(o => o.MaxAgeDays is >= 1 and <= IngestOptions.MaxMaxAgeDays,
                $"Ingest:MaxAgeDays must be a whole number of days from 1 to {IngestOptions.MaxMaxAgeDays}.")
            .ValidateOnStart();
        return services;
    }
}
