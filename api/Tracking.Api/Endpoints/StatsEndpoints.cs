using System.Globalization;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Api.Validation;
using Tracking.Domain;

namespace Tracking.Api.Endpoints;

public static class StatsEndpoints
{
    public static RouteGroupBuilder MapStatsEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/agents/{id}/stats", (string id, string? period, string? date, IGrainFactory grains) =>
            Stats(period, date, "Agent", id, (kind, day) => grains.GetGrain<IAgentGrain>(id).GetStats(kind, day)));
        api.MapGet("/teams/{id}/stats", (string id, string? period, string? date, IGrainFactory grains) =>
            Stats(period, date, "Team", id, (kind, day) => grains.GetGrain<ITeamGrain>(id).GetStats(kind, day)));
        api.MapGet("/branches/{id}/stats", (string id, string? period, string? date, IGrainFactory grains) =>
            Stats(period, date, "Branch", id, (kind, day) => grains.GetGrain<IBranchGrain>(id).GetStats(kind, day)));
        api.MapGet("/branches/{id}/leaderboard", Leaderboard);
        return api;
    }

    private static async Task<IResult> Stats(string? period, string? date, string what, string id, Func<PeriodKind, DateOnly?, Task<StatsView?>> read)
    {
        var errors = new ValidationErrors();
        var kind = ParsePeriod(period, errors);
        var day = ParseDate(date, errors);
        if (errors.Any) return Problems.Invalid(errors);
        return await read(kind, day) is { } stats ? Results.Ok(stats) : Problems.NotFound($"{what} '{id}' is not known.");
    }

    private static async Task<IResult> Leaderboard(string id, string? metric, string? period, string? scope, string? top, string? date, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        var metricValue = Metric.Fyp;
        if (metric is not null && !Metrics.TryParse(metric, out metricValue))
            errors.Add("metric", $"'{metric}' is not a metric ({string.Join(", ", Metrics.All.Select(m => m.Name()))}).");
        var kind = ParsePeriod(period, errors);
        var scopeValue = LeaderboardScope.Agents;
        if (scope is not null && !Topic.TryParseScope(scope, out scopeValue))
            errors.Add("scope", $"'{scope}' is not a scope (agents, teams).");
        var topValue = Topic.DefaultTop;
        if (top is not null && (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out topValue) || topValue is < 1 or > Topic.MaxTop))
            errors.Add("top", $"must be a whole number from 1 to {Topic.MaxTop}.");
        var day = ParseDate(date, errors);
        if (errors.Any) return Problems.Invalid(errors);

        return await grains.GetGrain<IBranchGrain>(id).GetLeaderboard(metricValue, kind, scopeValue, topValue, day) is { } board
            ? Results.Ok(board)
            : Problems.NotFound($"Branch '{id}' is not known.");
    }

    private static PeriodKind ParsePeriod(string? period, ValidationErrors errors)
    {
        if (period is null) return PeriodKind.Day;
        if (PeriodKey.TryParseKind(period, out var kind)) return kind;
        errors.Add("period", $"'{period}' is not a period (day, week, month).");
        return PeriodKind.Day;
    }

    private static DateOnly? ParseDate(string? date, ValidationErrors errors)
    {
        if (date is null) return null;
        if (DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors.Add("date", $"'{date}' is not a date in the form YYYY-MM-DD.");
        return null;
    }
}
