using Tracking.Abstractions.Contracts;
using Tracking.Domain;
using Tracking.Grains;

namespace Tracking.IntegrationTests.Grains;

/// <summary>
/// The totals an aggregate holds of its agents' reports, on their own: a team's totals, held between reports,
/// must be what summing every agent's latest owned share gives, to the decimal's scale and the reached marks.
/// </summary>
public sealed class ReportedTotalsTests
{
    private static readonly string[] Agents = ["A1", "A2", "A3", "A4", "A5", "A6"];
    private static readonly string[] Teams = ["T1", "T2", "T3", "OTHER"];
    private static readonly PeriodKey[] Periods =
        [new(PeriodKind.Day, new DateOnly(2026, 11, 24)), new(PeriodKind.Week, new DateOnly(2026, 11, 23)), new(PeriodKind.Month, new DateOnly(2026, 11, 1))];

    private static bool OwnsTeam(string teamId) => teamId != "OTHER";

    private static PeriodTotals RandomTotals(Random random)
    {
        var values = new MetricValues();
        var reached = new ValueMark[Metrics.Count];
        var start = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(8));
        foreach (var metric in Metrics.All)
        {
            // Money with 0, 1 or 2 decimals (so sums differ in scale) and whole counts, some negative (cancellations).
            values[metric] = metric.IsMoney() ? Math.Round((decimal)(random.NextDouble() * 2000 - 300), random.Next(3)) : random.Next(-1, 9);
            reached[(int)metric] = new ValueMark(start.AddMinutes(random.Next(600)), random.Next(1000));
        }
        return new PeriodTotals(values, reached);
    }

    private static AgentTotalsReport RandomReport(Random random, string agentId, long version) =>
        new(agentId, version, Periods.Where(_ => random.Next(3) > 0).Select(period => new AgentPeriodReport(period,
            Teams.Where(_ => random.Next(3) == 0).Select(team => new TeamShare(team, RandomTotals(random))).ToArray())).ToArray());

    /// <summary>What summing every agent's latest owned share of the team gives: how team totals were always figured.</summary>
    private static PeriodTotals Resummed(IReadOnlyDictionary<(string Agent, PeriodKey Period), AgentPeriodReport> latest, string teamId, PeriodKey period)
    {
        var sum = new PeriodTotals();
        foreach (var ((_, p), report) in latest)
        {
            if (p != period) continue;
            foreach (var share in report.Shares)
            {
                if (share.TeamId == teamId && OwnsTeam(share.TeamId)) sum.Add(share.Totals);
            }
        }
        return sum;
    }

    private static void AssertSame(PeriodTotals expected, PeriodTotals actual)
    {
        // The string form shows the decimal's scale (0.00 is not 0 on the wire).
        Assert.Equal(expected.Values.AsSpan().ToArray().Select(v => v.ToString()), actual.Values.AsSpan().ToArray().Select(v => v.ToString()));
        Assert.Equal(expected.Reached, actual.Reached);
    }

    [Fact]
    public void Team_totals_held_between_reports_are_the_resummed_ones_after_reordered_stale_and_moving_reports()
    {
        var random = new Random(16);
        var totals = new ReportedTotals();
        var latest = new Dictionary<(string, PeriodKey), (long Version, AgentPeriodReport Report)>();
        var version = 0L;
        for (var step = 0; step < 2000; step++)
        {
            var agentId = Agents[random.Next(Agents.Length)];
            // Versions arrive out of order: some reports are older than what is held and must change nothing.
            version += random.Next(1, 4);
            var reportVersion = random.Next(4) == 0 ? Math.Max(1, version - random.Next(1, 20)) : version;
            var report = RandomReport(random, agentId, reportVersion);
            var changed = totals.Apply(report, OwnsTeam);

            var expectedChanged = new List<PeriodKey>();
            foreach (var periodReport in report.Periods)
            {
                if (latest.TryGetValue((agentId, periodReport.Period), out var held) && held.Version >= reportVersion) continue;
                latest[(agentId, periodReport.Period)] = (reportVersion, periodReport);
                expectedChanged.Add(periodReport.Period);
            }
            Assert.Equal(expectedChanged, changed);

            if (random.Next(3) != 0) continue; // read only now and then, so held sums span several reports
            var reports = latest.ToDictionary(e => e.Key, e => e.Value.Report);
            foreach (var period in Periods)
            {
                foreach (var teamId in Teams)
                {
                    var expected = Resummed(reports, teamId, period);
                    AssertSame(expected, totals.TeamTotals(teamId, period));
                    foreach (var metric in Metrics.All)
                        Assert.Equal((expected.Values[metric], expected.ReachedAt(metric)), totals.TeamValue(teamId, period, metric));
                }
                foreach (var agent in Agents)
                {
                    var all = totals.AgentTotals(agent, period);
                    foreach (var metric in Metrics.All)
                    {
                        var (value, mark) = totals.AgentValue(agent, period, metric);
                        Assert.Equal(all.Values[metric].ToString(), value.ToString());
                        Assert.Equal(all.ReachedAt(metric), mark);
                    }
                }
            }
        }
    }

    [Fact]
    public void A_team_total_is_a_copy_its_reader_may_change()
    {
        var totals = new ReportedTotals();
        var period = Periods[0];
        var share = new PeriodTotals();
        share.Values[Metric.Calls] = 3m;
        totals.Apply(new AgentTotalsReport("A1", 1, [new AgentPeriodReport(period, [new TeamShare("T1", share)])]), OwnsTeam);

        totals.TeamTotals("T1", period).Values[Metric.Calls] = 100m;

        Assert.Equal(3m, totals.TeamTotals("T1", period).Values[Metric.Calls]);
        Assert.Equal(0m, totals.TeamTotals("T9", period).Values[Metric.Calls]);
        Assert.Equal((0m, default(ValueMark)), totals.TeamValue("T9", period, Metric.Calls));
    }
}
