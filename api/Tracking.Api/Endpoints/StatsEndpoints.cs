using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Api.Access;
using Tracking.Api.Validation;
using Tracking.Domain;

namespace Tracking.Api.Endpoints;

public static class StatsEndpoints
{
    public static RouteGroupBuilder MapStatsEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/agents/{id}/stats", GetAgentStats).WithName("GetAgentStats").WithSummary("An agent's metrics, targets, attainment and pace for one period.")
            .Allow(AccessRule.ReadAgent, AccessTargetKind.Agent);
        api.MapGet("/teams/{id}/stats", GetTeamStats).WithName("GetTeamStats").WithSummary("A team's metrics, targets, attainment, pace and KPIs for one period.")
            .Allow(AccessRule.ReadTeam, AccessTargetKind.Team);
        api.MapGet("/branches/{id}/stats", GetBranchStats).WithName("GetBranchStats").WithSummary("A branch's metrics, targets, attainment, pace and KPIs for one period.")
            .Allow(AccessRule.ReadBranch, AccessTargetKind.Branch);
        api.MapGet("/branches/{id}/leaderboard", Leaderboard).WithName("GetLeaderboard").WithSummary("A branch's ranking of agents or teams by one metric for one period.")
            .Allow(AccessRule.ViewBranchBoards, AccessTargetKind.Branch);
        return api;
    }

    private static Task<Results<Ok<StatsView>, ValidationProblem, NotFoundProblem>> GetAgentStats(
        string id, [Description(PeriodHelp)] string? period, [Description(DateHelp)] string? date, IGrainFactory grains) =>
        Stats(period, date, "Agent", id, (kind, day) => grains.GetGrain<IAgentGrain>(id).GetStats(kind, day));

    private static Task<Results<Ok<StatsView>, ValidationProblem, NotFoundProblem>> GetTeamStats(
        string id, [Description(PeriodHelp)] string? period, [Description(DateHelp)] string? date, IGrainFactory grains) =>
        Stats(period, date, "Team", id, (kind, day) => grains.GetGrain<ITeamGrain>(id).GetStats(kind, day));

    private static Task<Results<Ok<StatsView>, ValidationProblem, NotFoundProblem>> GetBranchStats(
        string id, [Description(PeriodHelp)] string? period, [Description(DateHelp)] string? date, IGrainFactory grains) =>
        Stats(period, date, "Branch", id, (kind, day) => grains.GetGrain<IBranchGrain>(id).GetStats(kind, day));

    private const string PeriodHelp = "day (default), week or month";
    private const string DateHelp = "A branch-local date YYYY-MM-DD inside the period; default today.";

    private static async Task<Results<Ok<StatsView>, ValidationProblem, NotFoundProblem>> Stats(string? period, string? date, string what, string id, Func<PeriodKind, DateOnly?, Task<StatsView?>> read)
    {
        var errors = new ValidationErrors();
        var kind = ParsePeriod(period, errors);
        var day = ParseDate(date, errors);
        if (errors.Any) return Problems.Invalid(errors);
        return await read(kind, day) is { } stats ? TypedResults.Ok(stats) : Problems.NotFound($"{what} '{id}' is not known.");
    }

    private static async Task<Results<Ok<LeaderboardView>, ValidationProblem, NotFoundProblem>> Leaderboard(
        string id,
        [Description("One of the ten metric names; default fyp.")] string? metric,
        [Description(PeriodHelp)] string? period,
        [Description("agents (default) or teams")] string? scope,
        [Description("How many entries, 1 to 500; default 50.")] string? top,
        [Description(DateHelp)] string? date,
        IGrainFactory grains,
        DisplayShapes displays,
        HttpContext http)
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
            ? TypedResults.Ok(DisplayShapes.Apply(board, await displays.PolicyForAsync(http.User, id)))
            : Problems.NotFound($"Branch '{id}' is not known.");
    }

    private static PeriodKind ParsePeriod(string? period, ValidationErrors errors)
    {
        if (period is null) return PeriodKind.Day;
        if (PeriodKey.TryParseKind(period, out var kind)) return kind;
        errors.Add("period", $"'{period}' is not a period ({PeriodKey.KindNames}).");
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
