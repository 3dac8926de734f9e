using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tracking.Abstractions.Contracts;

/// <summary>
/// Writes a <see cref="KpisView"/> (always camelCase, as the API is) with the fields its scope has (docs/api.md, "Stats"): an agent's only
/// <c>collectionRate</c>; a team's every unit KPI, null ratios included; a branch's also <c>stars</c>.
/// Reads any of the three back (the scope follows from the fields present).
/// </summary>
public sealed class KpisViewJsonConverter : JsonConverter<KpisView>
{
    public override void Write(Utf8JsonWriter writer, KpisView value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Scope != KpisScope.Agent)
        {
            writer.WritePropertyName("headcount");
            JsonSerializer.Serialize(writer, value.Headcount, options);
            writer.WriteNumber("activeAgents", value.ActiveAgents);
            WriteNullable(writer, "activityRate", value.ActivityRate);
            WriteNullable(writer, "perCapitaFyp", value.PerCapitaFyp);
            WriteNullable(writer, "productivity", value.Productivity);
            WriteNullable(writer, "averagePremiumPerCase", value.AveragePremiumPerCase);
            WriteNullable(writer, "casesPerCapita", value.CasesPerCapita);
            WriteNullable(writer, "shareMeetingStandard", value.ShareMeetingStandard);
            WriteNullable(writer, "effectiveHeadcount", value.EffectiveHeadcount);
            WriteNullable(writer, "effectiveRate", value.EffectiveRate);
        }
        WriteNullable(writer, "collectionRate", value.CollectionRate);
        if (value.Scope == KpisScope.Branch) WriteNullable(writer, "stars", value.Stars);
        writer.WriteEndObject();
    }

    public override KpisView Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new JsonException("kpis must be an object.");
        var collectionRate = Number(root, "collectionRate");
        if (!root.TryGetProperty("headcount", out var headcount)) return KpisView.ForAgent(collectionRate);
        var stars = Number(root, "stars");
        return new KpisView(
            headcount.Deserialize<HeadcountView>(options) ?? throw new JsonException("kpis.headcount must be an object."),
            root.TryGetProperty("activeAgents", out var active) ? active.GetInt32() : 0,
            Number(root, "activityRate"), Number(root, "perCapitaFyp"), Number(root, "productivity"),
            Number(root, "averagePremiumPerCase"), Number(root, "casesPerCapita"), Number(root, "shareMeetingStandard"),
            collectionRate, Number(root, "effectiveHeadcount"), Number(root, "effectiveRate"),
            stars is { } s ? (int)s : null,
            root.TryGetProperty("stars", out _) ? KpisScope.Branch : KpisScope.Team);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is { } v) writer.WriteNumber(name, v);
        else writer.WriteNull(name);
    }

    private static decimal? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : null;
}
