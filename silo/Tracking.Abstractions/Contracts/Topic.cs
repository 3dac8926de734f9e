using Orleans.Concurrency;
using System.Diagnostics.CodeAnalysis;
using Tracking.Domain;

namespace Tracking.Abstractions.Contracts;

public enum TopicKind { Leaderboard, Team, Campaign, Alerts, Branch }

public enum LeaderboardScope { Agents, Teams }

/// <summary>
/// A parsed SignalR topic (docs/api.md, "Live updates"). <see cref="Name"/> is the canonical spelling,
/// so two spellings of the same topic (with and without the default top) share one group; the default
/// top is left out of it.
/// </summary>
[GenerateSerializer, Alias("tracking.topic")]
public sealed record Topic(
    [property: Id(0)] TopicKind Kind,
    [property: Id(1)] string OwnerId,
    [property: Id(2)] Metric Metric = default,
    [property: Id(3)] PeriodKind Period = default,
    [property: Id(4)] LeaderboardScope Scope = default,
    [property: Id(5)] int Top = Topic.DefaultTop)
{
    public const int DefaultTop = 50;
    public const int MaxTop = 500;

    public string Name => Kind switch
    {
        TopicKind.Leaderboard => $"leaderboard:{OwnerId}:{Metric.Name()}:{PeriodKey.KindName(Period)}:{ScopeName(Scope)}"
            + (Top == DefaultTop ? "" : $":{Top}"),
        TopicKind.Team => $"team:{OwnerId}",
        TopicKind.Campaign => $"campaign:{OwnerId}",
        TopicKind.Alerts => $"alerts:{OwnerId}",
        _ => $"branch:{OwnerId}",
    };

    public override string ToString() => Name;

    public static string ScopeName(LeaderboardScope scope) => scope == LeaderboardScope.Teams ? "teams" : "agents";

    public static bool TryParseScope(string? text, out LeaderboardScope scope)
    {
        scope = text == "teams" ? LeaderboardScope.Teams : LeaderboardScope.Agents;
        return text is "agents" or "teams";
    }

    public static bool IsValidId(ReadOnlySpan<char> id)
    {
        if (id.Length is < 1 or > 64) return false;
        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')) return false;
        }
        return true;
    }

    /// <summary>Parses a topic; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Topic? topic, [NotNullWhen(false)] out string? error)
    {
        topic = null;
        error = null;
        var parts = (text ?? "").Split(':');
        if (parts.Length < 2) { error = "A topic looks like 'kind:id', e.g. 'leaderboard:SZ01:fyp:day:agents'."; return false; }
        if (!IsValidId(parts[1])) { error = $"'{parts[1]}' is not a valid id (1-64 of A-Z a-z 0-9 . _ -)."; return false; }

        switch (parts[0])
        {
            case "leaderboard":
                if (parts.Length is < 5 or > 6) { error = "A leaderboard topic is 'leaderboard:{branchId}:{metric}:{period}:{agents|teams}[:{top}]'."; return false; }
                if (!Metrics.TryParse(parts[2], out var metric)) { error = $"Unknown metric '{parts[2]}'."; return false; }
                if (!PeriodKey.TryParseKind(parts[3], out var period)) { error = $"Unknown period '{parts[3]}' ({PeriodKey.KindNames})."; return false; }
                if (!TryParseScope(parts[4], out var scope)) { error = $"Unknown scope '{parts[4]}' (agents or teams)."; return false; }
                var top = DefaultTop;
                if (parts.Length == 6 && (!int.TryParse(parts[5], System.Globalization.NumberStyles.None, null, out top) || top is < 1 or > MaxTop))
                {
                    error = $"top must be a whole number from 1 to {MaxTop}.";
                    return false;
                }
                topic = new Topic(TopicKind.Leaderboard, parts[1], metric, period, scope, top);
                return true;
            case "team" or "campaign" or "alerts" or "branch" when parts.Length == 2:
                var kind = parts[0] switch
                {
                    "team" => TopicKind.Team,
                    "campaign" => TopicKind.Campaign,
                    "alerts" => TopicKind.Alerts,
                    _ => TopicKind.Branch,
                };
                topic = new Topic(kind, parts[1]);
                return true;
            default:
                error = $"Unknown topic '{text}'. Topics: leaderboard:…, team:…, campaign:…, alerts:…, branch:….";
                return false;
        }
    }
}

/// <summary>
/// A message for every screen subscribed to a topic: the hub method name and its payload. A state
/// message (<see cref="IsEvent"/> false) replaces the previous one of its topic; an event (a celebration,
/// an alert) is something that happened and is delivered in order.
/// </summary>
/// <remarks>Immutable once built: Orleans hands the same instance to every local observer.</remarks>
[GenerateSerializer, Immutable, Alias("tracking.topic-update")]
public sealed record TopicUpdate(
    [property: Id(0)] string Topic,
    [property: Id(1)] string Message,
    [property: Id(2)] long Version,
    [property: Id(3)] object Payload,
    [property: Id(4)] bool IsEvent = false);
