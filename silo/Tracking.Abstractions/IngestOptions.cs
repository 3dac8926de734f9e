namespace Tracking.Abstractions;

/// <summary>Settings of event ingestion (configuration section <c>Ingest</c>), read by the API and the silos alike.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>800 days: this year and last year stay comparable, whatever day of the year it is.</summary>
    public const int DefaultMaxAgeDays = Tracking.Domain.AgentLedger.DefaultMaxAgeDays;

    /// <summary>
    /// How far in the past an event's <c>occurredAt</c> may lie. Older events are refused, and the agents' ledgers
    /// keep every day this limit accepts together with the periods that contain it.
    /// </summary>
    public int MaxAgeDays { get; set; } = DefaultMaxAgeDays;

    /// <summary>A century: far beyond any use, and keeps "now minus the limit" a representable instant.</summary>
    public const int MaxMaxAgeDays = 36_500;
}
