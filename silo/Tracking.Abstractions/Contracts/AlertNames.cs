using Tracking.Domain;
using Tracking.Domain.Alerts;
using Tracking.Domain.Renewals;

namespace Tracking.Abstractions.Contracts;

/// <summary>How an alert's rule and status are spelled on the wire (<see cref="AlertView.Rule"/>, <see cref="AlertView.Status"/>).</summary>
public static class AlertNames
{
    public const string BehindPace = "behindPace";
    public const string Inactive = "inactive";
    public const string RenewalAtRisk = "renewalAtRisk";

    public const string Open = "open";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";

    public static string Name(this AlertRule rule) => rule switch
    {
        AlertRule.BehindPace => BehindPace,
        AlertRule.Inactive => Inactive,
        _ => RenewalAtRisk,
    };

    /// <summary>
    /// The metric an alert's actual and expected are in: the metric behind pace; for renewalAtRisk the collected
    /// amount of its item (renewalDueCollected) against the amount due; none for inactive (working hours).
    /// </summary>
    public static string? MetricName(this Alert alert) =>
        alert.Metric?.Name() ?? (alert.Rule == AlertRule.RenewalAtRisk ? Metric.RenewalDueCollected.Name() : null);

    public static string Name(this AlertStatus status) => status switch
    {
        AlertStatus.Open => Open,
        AlertStatus.Acknowledged => Acknowledged,
        _ => Resolved,
    };
}
