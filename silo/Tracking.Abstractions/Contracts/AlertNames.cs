using Tracking.Domain.Alerts;

namespace Tracking.Abstractions.Contracts;

/// <summary>How an alert's rule and status are spelled on the wire (<see cref="AlertView.Rule"/>, <see cref="AlertView.Status"/>).</summary>
public static class AlertNames
{
    public const string BehindPace = "behindPace";
    public const string Inactive = "inactive";

    public const string Open = "open";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";

    public static string Name(this AlertRule rule) => rule == AlertRule.BehindPace ? BehindPace : Inactive;

    public static string Name(this AlertStatus status) => status switch
    {
        AlertStatus.Open => Open,
        AlertStatus.Acknowledged => Acknowledged,
        _ => Resolved,
    };
}
