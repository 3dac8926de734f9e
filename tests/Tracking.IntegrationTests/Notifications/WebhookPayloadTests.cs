using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using Tracking.Abstractions.Contracts;
using Tracking.Grains.Notifications;

namespace Tracking.IntegrationTests.Notifications;

/// <summary>
/// Webhook bodies against golden files (Golden/, reviewed by hand against each platform's documented robot message
/// shape), and Standard Webhooks signatures checked by the reference package, not by our own code.
/// </summary>
public sealed class WebhookPayloadTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset RaisedAt = new(2026, 11, 16, 11, 30, 0, Shanghai);

    private static readonly AlertView Behind = new("T01-000007", "T01", "A07", "behindPace", "fyp", 1200m, 3000m, RaisedAt, "open", null, null, "王芳");

    private static readonly CelebrationView Policy = new("SZ01", "A07", "王芳", "policy", 25000m, new DateTimeOffset(2026, 11, 16, 14, 5, 0, Shanghai));

    private static readonly CampaignScoreboardView Final = new(
        "C2026Q4", "冬季冲刺赛", "fyp", "agent", "value", "finished", true,
        new DateTimeOffset(2026, 11, 1, 0, 0, 0, Shanghai), new DateTimeOffset(2026, 11, 30, 0, 0, 0, Shanghai), new DateTimeOffset(2026, 11, 30, 0, 10, 0, Shanghai),
        42, new DateTimeOffset(2026, 11, 30, 0, 10, 0, Shanghai), null, null, null,
        [new CampaignEntryView(1, "A07", "王芳", 58000m, null, null), new CampaignEntryView(2, "A03", "李强", 41000m, null, null)]);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var format in WebhookFormats.All)
        {
            data.Add(format, "alert-raised.zh-CN");
            data.Add(format, "celebration.zh-CN");
            data.Add(format, "alert-resolved.en");
            data.Add(format, "campaign-finished.zh-CN");
        }
        return data;
    }

    private static WebhookEvent Event(string name) => name switch
    {
        "alert-raised.zh-CN" => WebhookNotices.OfAlert(Behind, "SZ01", BranchLanguages.Chinese, pushTo: null).Webhook,
        "celebration.zh-CN" => WebhookNotices.OfCelebration(Policy, "T01", BranchLanguages.Chinese),
        "alert-resolved.en" => WebhookNotices.OfAlert(Behind with { Status = "resolved", ResolvedAt = RaisedAt.AddMinutes(20) }, "SZ01", BranchLanguages.English, pushTo: null).Webhook,
        "campaign-finished.zh-CN" => WebhookNotices.OfFinishedCampaign(Final.CampaignId, Final, ["SZ01"], Final.FreezesAt, BranchLanguages.Chinese).Webhook,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_format_renders_each_event_as_its_golden_file(string format, string name)
    {
        var body = WebhookPayloads.Render(Event(name), format);
        var path = Path.Combine(GoldenDirectory(), $"{format}.{name}.json");
        var pretty = JsonNode.Parse(body)!.ToJsonString(new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        if (!File.Exists(path))
        {
            File.WriteAllText(path, pretty);
            Assert.Fail($"Wrote the new golden file {path}; review it and run again.");
        }
        Assert.Equal(File.ReadAllText(path), pretty);
    }

    [Fact]
    public void The_json_format_carries_the_alert_as_the_api_writes_it()
    {
        var body = JsonNode.Parse(WebhookPayloads.Render(Event("alert-raised.zh-CN"), WebhookFormats.Json))!.AsObject();
        Assert.Equal(["type", "timestamp", "data"], body.Select(p => p.Key));
        Assert.Equal("alert.raised", body["type"]!.GetValue<string>());
        Assert.Equal(RaisedAt, body["timestamp"]!.GetValue<DateTimeOffset>());
        Assert.Equal(["alertId", "teamId", "agentId", "rule", "metric", "actual", "expected", "raisedAt", "status", "acknowledgedAt", "resolvedAt", "agentName"],
            body["data"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void A_hidden_name_is_not_sent()
    {
        var hidden = WebhookNotices.OfCelebration(Policy with { NameHidden = true }, "T01", BranchLanguages.Chinese);
        Assert.DoesNotContain("王芳", WebhookPayloads.Render(hidden, WebhookFormats.Json));
        Assert.DoesNotContain("王芳", WebhookPayloads.Render(hidden, WebhookFormats.WeCom));
    }

    [Fact]
    public void A_signature_verifies_with_the_standard_webhooks_reference_package()
    {
        var secret = WebhookSecrets.Generate();
        var body = WebhookPayloads.Render(Event("celebration.zh-CN"), WebhookFormats.Json);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = WebhookSignature.Sign(WebhookSecrets.KeyOf(secret)!, "msg_1", timestamp, body);
        Assert.StartsWith("v1,", signature);

        var headers = new HeaderDictionary
        {
            ["webhook-id"] = "msg_1",
            ["webhook-timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["webhook-signature"] = signature,
        };
        new StandardWebhook(secret).Verify(body, headers);
        Assert.ThrowsAny<Exception>(() => new StandardWebhook(WebhookSecrets.Generate()).Verify(body, headers));
        Assert.ThrowsAny<Exception>(() => new StandardWebhook(secret).Verify(body + " ", headers));
    }

    [Theory]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", true)] // 24 bytes
    [InlineData("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", false)] // 23 bytes
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", false)]
    [InlineData("whsec_not base64!", false)]
    public void A_secret_is_whsec_and_the_base64_of_24_to_64_bytes(string secret, bool valid) =>
        Assert.Equal(valid, WebhookSecrets.KeyOf(secret) is not null);

    private static string GoldenDirectory([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Golden");
}
