using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tracking.Abstractions.Contracts;

namespace Tracking.Grains.WebPush;

/// <summary>
/// The JSON a phone receives for a raised alert (docs/api.md, "Web Push"): <c>title</c> and <c>body</c> in the
/// branch's language (<c>en</c>, else Chinese), <c>alertId</c>, <c>teamId</c> and <c>url</c>, the console opened on the alert.
/// </summary>
public static class AlertPushMessage
{
    public const string English = BranchLanguages.English;
    public const string Chinese = BranchLanguages.Chinese;

    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Compose(TeamInfo team, string language, AlertView alert)
    {
        var en = language == English;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Compact))
        {
            json.WriteStartObject();
            json.WriteString("title", Title(team, alert, en));
            json.WriteString("body", Body(alert, en));
            json.WriteString("alertId", alert.AlertId);
            json.WriteString("teamId", alert.TeamId);
            json.WriteString("url", ConsoleUrl(alert));
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The console on the team, scrolled to the alert.</summary>
    public static string ConsoleUrl(AlertView alert) =>
        $"/console.html?team={Uri.EscapeDataString(alert.TeamId)}#alert-{Uri.EscapeDataString(alert.AlertId)}";

    private static string Title(TeamInfo team, AlertView alert, bool en) => (alert.Rule, en) switch
    {
        (AlertNames.BehindPace, true) => $"{team.Name}: behind pace",
        (AlertNames.Inactive, true) => $"{team.Name}: no activity",
        (_, true) => $"{team.Name}: renewal at risk",
        (AlertNames.BehindPace, false) => $"{team.Name}：进度落后",
        (AlertNames.Inactive, false) => $"{team.Name}：无活动",
        _ => $"{team.Name}：续期风险",
    };

    private static string Body(AlertView alert, bool en)
    {
        var name = alert.AgentName ?? alert.AgentId;
        var actual = Number(alert.Actual);
        var expected = Number(alert.Expected);
        return (alert.Rule, en) switch
        {
            (AlertNames.BehindPace, true) => $"{name} is behind pace on {MetricLabel(alert.Metric, en)}: {actual} so far, {expected} expected by now",
            (AlertNames.Inactive, true) => $"{name} has had no activity for {actual} working hours (limit {expected})",
            (_, true) => $"{name}: renewal of policy {alert.PolicyId} at risk, {actual} collected of {expected} due, grace ends {Date(alert.GraceEndsOn)}",
            (AlertNames.BehindPace, false) => $"{name} {MetricLabel(alert.Metric, en)}落后进度：实际 {actual}，此刻应达 {expected}",
            (AlertNames.Inactive, false) => $"{name} 已 {actual} 个工作小时无活动（上限 {expected}）",
            _ => $"{name} 保单 {alert.PolicyId} 续期有风险：已收 {actual}，应收 {expected}，宽限期至 {Date(alert.GraceEndsOn)}",
        };
    }

    private static string MetricLabel(string? metric, bool en) => (metric, en) switch
    {
        ("calls", false) => "电话",
        ("visits", false) => "拜访",
        ("collectionVisits", false) => "收费拜访",
        ("serviceVisits", false) => "服务拜访",
        ("salesVisits", false) => "销售拜访",
        ("proactiveVisits", false) => "主动拜访",
        ("aClassSalesVisits", false) => "A类客户销售拜访",
        ("policies", false) => "保单",
        ("fyp", false) => "首年保费",
        ("renewalCollected", false) => "续期实收",
        ("fyp", true) => "FYP",
        _ => metric ?? "",
    };

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
