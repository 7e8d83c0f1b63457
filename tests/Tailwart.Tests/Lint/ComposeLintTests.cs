using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Lint;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Lint;

public sealed class ComposeLintTests : IDisposable
{
    private const string Gated = """
        services:
          ts-stalwart:
            image: tailscale/tailscale
            healthcheck:
              test: ["CMD-SHELL", "wget -q -O- http://127.0.0.1:9002/healthz && echo | nc -w 2 the-record-prod 5432"]
          stalwart:
            image: stalwartlabs/stalwart
            network_mode: service:ts-stalwart
            depends_on:
              ts-stalwart:
                condition: service_healthy
        """;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private IReadOnlyList<Finding> Lint(string compose, params (string Name, string Text)[] extra)
    {
        _dir.Write("stack/docker-compose.yml", compose);
        foreach (var (name, text) in extra)
            _dir.Write("stack/" + name, text);
        var config = new ConfigLoader(() => []).Load(RepoPaths.File("tailwart.json")).Config! with { SourcePath = Path.Combine(_dir.Path, "tailwart.json") };
        config = config with { Compose = config.Compose with { ProjectDirectory = "stack" } };
        return ComposeLint.Run(config);
    }

    [Fact]
    public void A_gated_stack_with_magicdns_names_has_no_findings()
    {
        Assert.Empty(Lint(Gated));
    }

    [Fact]
    public void Healthcheck_that_only_checks_the_tailnet_ip_is_flagged_with_lesson_1()
    {
        var findings = Lint(Gated.Replace(" && echo | nc -w 2 the-record-prod 5432", "", StringComparison.Ordinal));

        var f = Assert.Single(findings);
        Assert.Equal("lint.sidecar-healthcheck-no-route", f.Id);
        Assert.Equal(1, f.Lesson);
        Assert.Contains("healthz", f.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Dependent_without_service_healthy_is_flagged()
    {
        var findings = Lint(Gated.Replace("condition: service_healthy", "condition: service_started", StringComparison.Ordinal));

        Assert.Equal("lint.depends-on-not-healthy", Assert.Single(findings).Id);
    }

    [Fact]
    public void Short_depends_on_list_is_flagged_as_service_started()
    {
        string compose = Gated.Replace("""
                  ts-stalwart:
                    condition: service_healthy
            """, "      - ts-stalwart", StringComparison.Ordinal);

        var f = Assert.Single(Lint(compose));

        Assert.Equal("lint.depends-on-not-healthy", f.Id);
        Assert.Contains("service_started", f.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Hard_coded_tailnet_addresses_are_found_in_compose_env_and_caddyfile_with_their_lines()
    {
        string compose = Gated + "\n    extra_hosts:\n      - \"the-record-prod:100.112.26.122\"\n";

        var findings = Lint(compose, (".env", "DB=100.79.87.80\n# old: 100.64.0.9\nDNS=100.100.100.100\n"), ("caddy/Caddyfile", "layer4 {\n  to 100.112.26.122:25\n}\n"));

        var evidence = findings.Where(f => f.Id == "lint.hardcoded-tailnet-ip").Select(f => f.Evidence).ToList();
        Assert.Equal(3, evidence.Count);
        Assert.Contains(evidence, e => e.EndsWith("docker-compose.yml:13: 100.112.26.122", StringComparison.Ordinal));
        Assert.Contains(evidence, e => e.EndsWith(".env:1: 100.79.87.80", StringComparison.Ordinal));
        Assert.Contains(evidence, e => e.EndsWith("Caddyfile:2: 100.112.26.122", StringComparison.Ordinal));
        Assert.All(findings, f => Assert.Equal(6, f.Lesson));
    }

    [Fact]
    public void Addresses_outside_the_tailnet_are_not_flagged()
    {
        Assert.Empty(Lint(Gated + "\n    dns: [\"172.17.0.1\", \"100.128.0.1\", \"1.100.64.1\"]\n"));
    }

    [Fact]
    public void Later_compose_file_overrides_earlier_service_keys()
    {
        // given: a base file without a healthcheck and an override adding the gated one
        _dir.Write("stack/override.yml", "services:\n  ts-stalwart:\n    healthcheck:\n      test: echo | nc -w 2 the-record-prod 5432\n");
        _dir.Write("stack/docker-compose.yml", Gated.Replace("""
                healthcheck:
                  test: ["CMD-SHELL", "wget -q -O- http://127.0.0.1:9002/healthz && echo | nc -w 2 the-record-prod 5432"]
            """, "", StringComparison.Ordinal));
        var config = new ConfigLoader(() => []).Load(RepoPaths.File("tailwart.json")).Config! with { SourcePath = Path.Combine(_dir.Path, "tailwart.json") };
        config = config with { Compose = config.Compose with { ProjectDirectory = "stack", Files = ["docker-compose.yml", "override.yml"] } };

        // then
        Assert.Empty(ComposeLint.Run(config));
    }

    [Fact]
    public void Invalid_yaml_is_a_failure_finding_not_a_crash()
    {
        var f = Assert.Single(Lint("services:\n  a: [unclosed\n"));

        Assert.Equal("lint.compose-file-invalid", f.Id);
        Assert.Equal(Severity.Failure, f.Severity);
    }

    [Fact]
    public void Missing_service_is_named()
    {
        var findings = Lint(Gated.Replace("  stalwart:", "  mailserver:", StringComparison.Ordinal));

        Assert.Contains(findings, f => f.Id == "lint.service-missing" && f.Title.Contains("'stalwart'", StringComparison.Ordinal));
    }
}
