using System.Globalization;
using Tracking.Abstractions.Contracts;

namespace Tracking.Grains.Notifications;

/// <summary>A chat robot's message before it takes a platform's shape: a title and lines of markdown-safe text.</summary>
public sealed record ChatMessage(string Title, IReadOnlyList<string> Lines)
{
    private const int ScoreboardLines = 10;

    /// <summary>The message of an event, in the branch's language (zh-CN or en).</summary>
    public static ChatMessage Of(WebhookEvent notice)
    {
        var zh = notice.Language != BranchLanguages.English;
        if (notice.Alert is { } alert) return OfAlert(alert, notice.Type, zh);
        if (notice.Celebration is { } celebration) return OfCelebration(celebration, zh);
        if (notice.Scoreboard is { } board) return OfScoreboard(board, zh);
        return new ChatMessage(notice.Type, []);
    }

    private static ChatMessage OfAlert(AlertView a, string type, bool zh)
    {
        var who = a.AgentName ?? a.AgentId;
        var (state, icon) = type switch
        {
            WebhookEventTypes.AlertAcknowledged => (zh ? "预警已确认" : "Alert acknowledged", "✅"),
            WebhookEventTypes.AlertResolved => (zh ? "预警已解除" : "Alert resolved", "✔️"),
            _ => (zh ? "预警" : "Alert", "⚠️"),
        };
        var lines = new List<string>
        {
            zh ? $"团队：{a.TeamId}" : $"Team: {a.TeamId}",
            a.Metric is { } metric
                ? zh ? $"指标 {metric}：实际 {Number(a.Actual)}，应达 {Number(a.Expected)}" : $"{metric}: {Number(a.Actual)} of {Number(a.Expected)} expected"
                : zh ? $"实际 {Number(a.Actual)}，阈值 {Number(a.Expected)}" : $"Actual {Number(a.Actual)}, threshold {Number(a.Expected)}",
        };
        if (a.PolicyId is { } policy) lines.Add(zh ? $"保单 {policy}，宽限期至 {a.GraceEndsOn:yyyy-MM-dd}" : $"Policy {policy}, grace ends {a.GraceEndsOn:yyyy-MM-dd}");
        lines.Add((zh ? "发生时间：" : "Raised: ") + Time(a.RaisedAt));
        var rule = RuleName(a.Rule, zh);
        return new ChatMessage(zh ? $"{icon} {state}：{who} {rule}" : $"{icon} {state}: {who} {rule}", lines);
    }

    private static ChatMessage OfCelebration(CelebrationView c, bool zh)
    {
        var who = c.NameHidden ? (zh ? "一位伙伴" : "A colleague") : c.Name ?? c.AgentId;
        var what = CelebrationName(c, zh);
        var lines = new List<string>();
        lines.Add(c.Kind switch
        {
            "policy" => zh ? $"新单保费 {Number(c.Value)}" : $"New premium {Number(c.Value)}",
            "campaignWon" => zh ? $"{c.CampaignName}：{Number(c.Value)}" : $"{c.CampaignName}: {Number(c.Value)}",
            _ => c.Metric is { } metric ? $"{metric}{(c.Period is { } p ? $" ({p})" : "")}: {Number(c.Value)}" : Number(c.Value),
        });
        if (c.Merged > 0) lines.Add(zh ? $"另有 {c.Merged} 条喜报" : $"and {c.Merged} more");
        lines.Add(Time(c.At));
        return new ChatMessage(zh ? $"🎉 喜报：{who} {what}" : $"🎉 {who}: {what}", lines);
    }

    private static ChatMessage OfScoreboard(CampaignScoreboardView board, bool zh)
    {
        var lines = board.Entries.Take(ScoreboardLines)
            .Select(e => $"{e.Rank}. {(e.NameHidden ? (zh ? "一位伙伴" : "A colleague") : e.Name ?? e.Id)} — {Number(e.Value)}")
            .ToList();
        if (lines.Count == 0) lines.Add(zh ? "无人上榜" : "Nobody scored");
        return new ChatMessage(zh ? $"🏁 竞赛结束：{board.Name}" : $"🏁 Campaign finished: {board.Name}", lines);
    }

    private static string RuleName(string rule, bool zh) => rule switch
    {
        "behindPace" => zh ? "落后进度" : "is behind pace",
        "inactive" => zh ? "长时间无活动" : "has been inactive",
        "renewalAtRisk" => zh ? "续期有风险" : "has a renewal at risk",
        _ => rule,
    };

    private static string CelebrationName(CelebrationView c, bool zh) => c.Kind switch
    {
        "policy" => zh ? "保单" : "new policy",
        "targetReached" => zh ? "达成目标" : "target reached",
        "rankUp" => zh ? "登上榜首" : "took the lead",
        "campaignWon" => zh ? "赢得竞赛" : "won the campaign",
        _ => c.Kind,
    };

    private static string Number(decimal value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
