using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Diagnosis;
using Tailwart.Core.Docker;
using Tailwart.Core.Lint;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Lint;

/// <summary>Lesson 1 at boot: a restart policy on Stalwart lets dockerd start it outside the gate (issue 20).</summary>
public sealed class RestartPolicyLintTests : IDisposable
{
    private const string Gated = """
        services:
          ts-stalwart:
            image: tailscale/tailscale
            restart: unless-stopped
            healthcheck:
              test: ["CMD-SHELL", "wget -q -O- http://127.0.0.1:9002/healthz && echo | nc -w 2 the-record-prod 5432"]
          stalwart:
            image: stalwartlabs/stalwart
            network_mode: service:ts-stalwart
            RESTART
            depends_on:
              ts-stalwart:
                condition: service_healthy
        """;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private IReadOnlyList<Finding> Lint(string restartLine)
    {
        _dir.Write("stack/docker-compose.yml", Gated.Replace("RESTART", restartLine, StringComparison.Ordinal));
        var config = new ConfigLoader(() => []).Load(RepoPaths.File("tailwart.json")).Config! with { SourcePath = Path.Combine(_dir.Path, "tailwart.json") };
        config = config with { Compose = config.Compose with { ProjectDirectory = "stack" } };
        return ComposeLint.Run(config);
    }

    [Theory]
    [InlineData("restart: unless-stopped", "unless-stopped")]
    [InlineData("restart: always", "always")]
    [InlineData("restart: on-failure:5", "on-failure:5")]
    [InlineData("restart: \"on-failure\"", "on-failure")]
    public void A_policy_that_lets_dockerd_start_stalwart_is_a_lesson_1_warning_with_the_supervise_fix(string line, string policy)
    {
        Finding f = Assert.Single(Lint(line));

        Assert.Equal(RestartRules.LintId, f.Id);
        Assert.Equal(Severity.Warning, f.Severity);
        Assert.Equal(1, f.Lesson);
        Assert.Contains($"services.stalwart.restart: {policy}", f.Evidence, StringComparison.Ordinal);
        Assert.Contains("docker-compose.yml", f.Evidence, StringComparison.Ordinal);
        Assert.Contains("restart: \"no\"", f.Fix, StringComparison.Ordinal);
        Assert.Contains("tailwart supervise", f.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("restart: \"no\"")]
    [InlineData("restart: 'no'")]
    [InlineData("labels: { a: b }")]
    public void No_policy_or_no_is_clean_and_the_sidecar_keeps_its_own(string line) => Assert.Empty(Lint(line));

    [Theory]
    [InlineData("unless-stopped", true)]
    [InlineData("always", true)]
    [InlineData("on-failure", true)]
    [InlineData("no", false)]
    [InlineData(null, false)]
    public void The_running_containers_policy_is_reported_by_the_diagnosis(string? policy, bool reported)
    {
        var stalwart = new ContainerSnapshot("stalwart", "id", "lab-stalwart-1", "exited", "none", 0, 0, null, new Dictionary<string, string>(), null, null, null) { RestartPolicy = policy };
        var snapshot = new StackSnapshot("lab", new Dictionary<string, ContainerSnapshot> { ["stalwart"] = stalwart }, ["ts-stalwart"]);

        var findings = StackFindings.From(new StackEvidence(snapshot, new DiagnosisOptions(), DateTimeOffset.UnixEpoch));

        Finding? f = findings.SingleOrDefault(x => x.Id == FindingIds.StalwartRestartPolicy);
        Assert.Equal(reported, f is not null);
        if (f is not null)
        {
            Assert.Equal(Severity.Info, f.Severity); // the running stack is not unhealthy now; the boot is what it endangers
            Assert.Contains($"restart policy is {policy}", f.Evidence, StringComparison.Ordinal);
        }
    }
}
