using Tailwart.IntegrationTests.Lab;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Doctor;

/// <summary>
/// `tailwart doctor` against the lab: clean on a healthy lab (exit 0), and each injected fault gives
/// its own finding and exit code. The fault is always turned off again, and every case starts from
/// a freshly arranged healthy lab (xunit makes one instance per case), so no case leaks into the next.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class DoctorLabTests(LabFixture fixture) : IAsyncLifetime
{
    private readonly LabEnvironment _lab = fixture.Lab;
    private readonly HealthyLab _healthy = new(fixture.Lab);

    public Task InitializeAsync() => _healthy.ArrangeAsync();

    public Task DisposeAsync() => _healthy.UndoAsync();

    [Fact]
    public async Task Doctor_on_a_healthy_lab_finds_no_warning_or_failure_and_exits_0()
    {
        // when
        var run = await DoctorRun.RunAsync(_lab, _healthy.TrustAnchors);

        // then: every check ran to completion and none found more than information
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Empty(run.IdsAt("failure"));
        Assert.Empty(run.IdsAt("warning"));
        Assert.Equal(["stack", "route", "lint", "dns", "certs", "bans", "postmaster.rdns", "postmaster.spf", "postmaster.dmarc", "postmaster.blocklists", "postmaster.dkim", "postmaster.dane", "key-test"],
            run.Report["checks"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
        Assert.All(run.Report["checks"]!.AsArray(), c => Assert.Equal("completed", c!["outcome"]!.GetValue<string>()));
    }

    /// <summary>Fault → the checks that see it → the finding, its severity, a word of its evidence, the exit code.</summary>
    public static TheoryData<string, string, string, string, string, int> Faults => new()
    {
        { "pg-refused", "route", "route.not-verified", "failure", "ConnectionRefused", 2 },
        { "pg-blackhole", "route", "route.not-verified", "failure", "NoAnswer", 2 },
        { "pg-impostor", "route", "route.not-verified", "failure", "NotPostgres", 2 },
        { "pg-badauth", "route", "route.not-verified", "failure", "LoginRejected", 2 },
        { "api-hang", "bans", "bans.api-failed", "failure", "accepts", 2 },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Each_injected_fault_gives_its_finding_and_exit_code(string fault, string checks, string findingId, string severity, string evidence, int exitCode)
    {
        // given
        DoctorRun run;
        await using (await _lab.InjectAsync(fault))
        {
            // when
            run = await DoctorRun.RunAsync(_lab, _healthy.TrustAnchors, ["--only", .. checks.Split(',')]);
        }

        // then
        Assert.True(run.ExitCode == exitCode, $"exit {run.ExitCode}, expected {exitCode}:\n{run.Describe()}");
        var finding = Assert.Single(run.Findings, f => f["id"]!.GetValue<string>() == findingId);
        Assert.Equal(severity, finding["severity"]!.GetValue<string>());
        Assert.Contains(evidence, finding["evidence"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(finding["fix"]?.GetValue<string>()), run.Describe());
        // issue 16 §5: against a hung API the whole process (start, credential, every access path at once, the
        // admin-port check beside the list) gives up within 10 s and names what hung
        if (fault == "api-hang")
            Assert.True(run.RunTime <= TimeSpan.FromSeconds(10), $"doctor --only bans on a hung API took {run.RunTime.TotalSeconds:0.0} s (> 10 s)");
    }
}
