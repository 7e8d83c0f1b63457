using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.Checks;
using Tailwart.Core.Diagnosis;
using Tailwart.Core.Docker;
using Tailwart.Core.Supervise;

namespace Tailwart.Tests.Supervise;

/// <summary>The state file others read: whether a supervisor runs, since when, and its last decision.</summary>
public sealed class SupervisorStateFileTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero));
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-supervise-state-").FullName;

    private SupervisorStateFile File => new(Path.Combine(_dir, SupervisorStateFile.FileName), _time);

    private static SupervisorState Running(int pid) => new()
    {
        Pid = pid,
        Since = new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero),
        Repairs = 1,
        Decisions = [new SupervisorDecision(new DateTimeOffset(2026, 12, 2, 3, 0, 5, TimeSpan.Zero), DecisionKind.Repaired, "supervise started: started into the race", "gated bring-up", "Verified")],
    };

    [Fact]
    public void A_live_supervisor_is_shown_running_with_its_start_and_last_decision()
    {
        File.Write(Running(Environment.ProcessId));

        SupervisorStatus status = File.Status(pid => pid == Environment.ProcessId);

        Assert.True(status.Running);
        Assert.Contains("since 2026-12-02 03:00:00Z", status.Summary, StringComparison.Ordinal);
        Assert.Contains("Repaired: saw supervise started", status.Summary, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, System.IO.File.GetUnixFileMode(File.Path));
        Finding f = Assert.Single(SupervisorFindings.From(status, null));
        Assert.Equal(Severity.Info, f.Severity);
    }

    [Fact]
    public void A_supervisor_that_died_without_a_stop_is_not_running_and_says_so()
    {
        File.Write(Running(4242));

        SupervisorStatus status = File.Status(_ => false);

        Assert.False(status.Running);
        Assert.Contains("gone without a clean stop", status.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stopped_supervisor_with_stalwarts_policy_no_is_a_warning_nothing_restarts_it()
    {
        File.Write(Running(4242) with { StoppedAt = _time.GetUtcNow() });
        var stalwart = new ContainerSnapshot("stalwart", "id", "lab-stalwart-1", "running", "none", 0, 0, null, new Dictionary<string, string>(), null, null, null) { RestartPolicy = "no" };

        SupervisorStatus status = File.Status(_ => true);
        Finding f = Assert.Single(SupervisorFindings.From(status, stalwart));

        Assert.False(status.Running);
        Assert.Contains("stopped at 2026-12-02 04:00:00Z", status.Summary, StringComparison.Ordinal);
        Assert.Equal(FindingIds.SupervisorNotRunning, f.Id);
        Assert.Equal(Severity.Warning, f.Severity);
    }

    [Fact]
    public void No_file_means_no_supervisor_has_run_and_a_damaged_one_reads_as_none()
    {
        Assert.False(File.Status().Running);
        Assert.Contains("no supervisor has run", File.Status().Summary, StringComparison.Ordinal);
        System.IO.File.WriteAllText(File.Path, "{ not json");
        Assert.Null(File.Read());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
