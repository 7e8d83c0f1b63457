using Tailwart.Core.Docker;
using Tailwart.Core.Net;

namespace Tailwart.Tests.Docker;

public sealed class ComposeLintTests
{
    private const string Gated = """
        services:
          ts-stalwart:
            image: tailscale/tailscale
          stalwart:
            image: stalwartlabs/stalwart
            network_mode: service:ts-stalwart
            depends_on:
              ts-stalwart:
                condition: service_healthy
        """;

    private static IReadOnlyList<ComposeFinding> Lint(string[]? healthcheck, params (string, string)[] files) =>
        ComposeLint.Lint("ts-stalwart", "stalwart", "the-record-prod", 5432, healthcheck, files, Cidr.Tailnet);

    [Fact]
    public void A_sidecar_healthcheck_that_only_asks_healthz_is_flagged()
    {
        var findings = Lint(["CMD-SHELL", "wget -q -O- http://127.0.0.1:9002/healthz >/dev/null"], ("docker-compose.yml", Gated));

        var f = Assert.Single(findings);
        Assert.Equal("compose.sidecar-healthcheck-ignores-postgres", f.Id);
    }

    [Fact]
    public void The_fixed_setup_has_no_findings()
    {
        Assert.Empty(Lint(["CMD-SHELL", "wget -q -O- http://127.0.0.1:9002/healthz && echo | nc -w 2 the-record-prod 5432"], ("docker-compose.yml", Gated)));
    }

    [Fact]
    public void A_plain_depends_on_is_flagged()
    {
        string plain = Gated.Replace("      ts-stalwart:\n        condition: service_healthy", "      - ts-stalwart", StringComparison.Ordinal);

        var findings = Lint(["CMD-SHELL", "nc -w 2 the-record-prod 5432"], ("docker-compose.yml", plain));

        Assert.Equal("compose.stalwart-not-gated-on-sidecar-health", Assert.Single(findings).Id);
    }

    [Fact]
    public void A_hard_coded_tailnet_address_is_flagged_with_its_line_but_other_addresses_are_not()
    {
        var findings = Lint(["CMD-SHELL", "nc -w 2 the-record-prod 5432"],
            ("docker-compose.yml", Gated), (".env", "DB=172.17.0.1\n# old: 100.79.87.80\nRELAY=100.112.26.122\n"), ("Caddyfile", "mail.example.com {\n  reverse_proxy 100.79.87.80:8080\n}\n"));

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal("compose.hardcoded-tailnet-address", f.Id));
        Assert.Contains(findings, f => f.Evidence.StartsWith(".env:3:", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Evidence.StartsWith("Caddyfile:2:", StringComparison.Ordinal));
    }
}
