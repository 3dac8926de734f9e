namespace Tracking.Abstractions;

/// <summary>
/// The product's clock is a keyed <see cref="TimeProvider"/> (docs/design.md, principle 7), so tests can fake the
/// time that periods, pace and alerts see without also faking the clock Orleans' own runtime depends on.
/// </summary>
public static class TrackingTime
{
    public const string ServiceKey = "tracking";
}
