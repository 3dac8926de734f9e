namespace Tracking.Domain;

/// <summary>
/// Division for KPIs and progress figures: a zero denominator gives null (shown as JSON null),
/// never NaN, infinity or an exception. Results are exact decimal quotients, not rounded;
/// rounding is left to presentation.
/// </summary>
public static class Ratio
{
    public static decimal? Of(decimal numerator, decimal denominator) =>
        denominator == 0m ? null : numerator / denominator;

    public static decimal? Of(decimal numerator, decimal? denominator) =>
        denominator is { } d ? Of(numerator, d) : null;
}
