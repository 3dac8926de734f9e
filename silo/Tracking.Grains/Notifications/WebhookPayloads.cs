using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tracking.Abstractions.Contracts;

namespace Tracking.Grains.Notifications;

/// <summary>
/// The body a webhook is posted: <c>json</c> is <c>{"type", "timestamp", "data"}</c> with the alert, celebration or
/// final scoreboard as the API writes it; the chat formats are each platform's documented robot message in markdown.
/// </summary>
public static class WebhookPayloads
{
    /// <summary>The API's JSON (web defaults: camelCase), with Chinese names kept readable rather than escaped.</summary>
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(WebhookEvent notice, string format) => format switch
    {
        WebhookFormats.Json => Json(notice),
        WebhookFormats.WeCom => WeCom(ChatMessage.Of(notice)),
        WebhookFormats.DingTalk => DingTalk(ChatMessage.Of(notice)),
        WebhookFormats.Slack => Slack(ChatMessage.Of(notice)),
        WebhookFormats.Teams => Teams(ChatMessage.Of(notice)),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown webhook format."),
    };

    private static string Json(WebhookEvent notice)
    {
        // Hidden names stay hidden, as on display screens: a robot may post to a group beyond the supervisors.
        JsonNode? data = notice.Alert is { } alert ? JsonSerializer.SerializeToNode(alert with { Topic = null, Version = 0 }, Web)
            : notice.Celebration is { } c ? JsonSerializer.SerializeToNode(c with { Topic = null, Version = 0, Name = c.NameHidden ? null : c.Name }, Web)
            : notice.Scoreboard is { } board ? JsonSerializer.SerializeToNode(board with
            {
                Topic = null,
                Entries = [.. board.Entries.Select(e => e.NameHidden ? e with { Name = null } : e)],
            }, Web)
            : null;
        return Write(new JsonObject { ["type"] = notice.Type, ["timestamp"] = notice.Timestamp, ["data"] = data });
    }

    /// <summary>WeCom (企业微信) group robot: <c>{"msgtype": "markdown", "markdown": {"content"}}</c>.</summary>
    private static string WeCom(ChatMessage m) => Write(new JsonObject
    {
        ["msgtype"] = "markdown",
        ["markdown"] = new JsonObject { ["content"] = $"**{m.Title}**\n" + string.Join("\n", m.Lines.Select(l => "> " + l)) },
    });

    /// <summary>DingTalk (钉钉) group robot: <c>{"msgtype": "markdown", "markdown": {"title", "text"}}</c>; lines need blank lines between them.</summary>
    private static string DingTalk(ChatMessage m) => Write(new JsonObject
    {
        ["msgtype"] = "markdown",
        ["markdown"] = new JsonObject { ["title"] = m.Title, ["text"] = $"#### {m.Title}\n\n" + string.Join("\n\n", m.Lines) },
    });

    /// <summary>Slack incoming webhook: <c>text</c> (the notification's fallback) and one mrkdwn section block.</summary>
    private static string Slack(ChatMessage m) => Write(new JsonObject
    {
        ["text"] = m.Title,
        ["blocks"] = new JsonArray(new JsonObject
        {
            ["type"] = "section",
            ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = $"*{m.Title}*\n" + string.Join("\n", m.Lines) },
        }),
    });

    /// <summary>Microsoft Teams (Workflows) webhook: a message carrying one Adaptive Card 1.4 with a wrapping TextBlock.</summary>
    private static string Teams(ChatMessage m) => Write(new JsonObject
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray(new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.card.adaptive",
            ["content"] = new JsonObject
            {
                ["type"] = "AdaptiveCard",
                ["version"] = "1.4",
                ["body"] = new JsonArray(new JsonObject
                {
                    ["type"] = "TextBlock",
                    ["text"] = $"**{m.Title}**\n\n" + string.Join("\n\n", m.Lines),
                    ["wrap"] = true,
                }),
                ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            },
        }),
    });

    private static string Write(JsonObject body) => body.ToJsonString(Web);
}
