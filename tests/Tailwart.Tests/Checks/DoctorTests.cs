using System.Diagnostics;
using Tailwart.Core.Checks;

namespace Tailwart.Tests.Checks;

public sealed class DoctorTests
{
    private static DoctorCheck Check(string id, TimeSpan deadline, Func<CancellationToken, Task<IReadOnlyList<Finding>>> run) => new(id, id + " check", deadline, run);

    private static Finding Warn(string id) => new(id, Severity.Warning, "w", "e", null, "f");

    [Fact]
    public async Task Checks_run_concurrently_so_the_wall_time_is_near_the_slowest_check()
    {
        var checks = Enumerable.Range(0, 5).Select(i => Check($"c{i}", TimeSpan.FromSeconds(5), async ct => { await Task.Delay(300, ct); return []; })).ToList();

        var clock = Stopwatch.StartNew();
        var results = await Doctor.RunAsync(checks);

        Assert.All(results, r => Assert.Equal(CheckOutcome.Completed, r.Outcome));
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(1400), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_check_past_its_deadline_is_abandoned_and_reported_without_holding_the_others()
    {
        var release = new TaskCompletionSource();
        var checks = new[]
        {
            Check("stuck", TimeSpan.FromMilliseconds(200), async _ => { await release.Task; return []; }), // ignores its token on purpose
            Check("fine", TimeSpan.FromSeconds(5), _ => Task.FromResult<IReadOnlyList<Finding>>([Warn("fine.w")])),
        };

        var results = await Doctor.RunAsync(checks);
        release.SetResult();

        var stuck = results.Single(r => r.Id == "stuck");
        Assert.Equal(CheckOutcome.TimedOut, stuck.Outcome);
        Assert.Equal("stuck.timeout", Assert.Single(stuck.Findings).Id);
        Assert.Equal("fine.w", Assert.Single(results.Single(r => r.Id == "fine").Findings).Id);
    }

    [Fact]
    public async Task A_check_that_throws_becomes_a_failure_finding()
    {
        var results = await Doctor.RunAsync([Check("boom", TimeSpan.FromSeconds(1), _ => throw new InvalidOperationException("kaput"))]);

        var finding = Assert.Single(Assert.Single(results).Findings);
        Assert.Equal(Severity.Failure, finding.Severity);
        Assert.Contains("kaput", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_and_skip_select_by_id_or_prefix()
    {
        var checks = new[] { "lint", "certs", "certs.budget", "dns" }.Select(id => Check(id, TimeSpan.FromSeconds(1), _ => Task.FromResult<IReadOnlyList<Finding>>([]))).ToList();

        Assert.Equal(["certs", "certs.budget"], Doctor.Select(checks, ["certs"], []).Select(c => c.Id));
        Assert.Equal(["lint", "dns"], Doctor.Select(checks, [], ["certs"]).Select(c => c.Id));
    }
}
