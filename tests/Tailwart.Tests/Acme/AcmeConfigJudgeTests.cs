using Tailwart.Core.Acme;
using Tailwart.Core.Stalwart;

namespace Tailwart.Tests.Acme;

public sealed class AcmeConfigJudgeTests
{
    private static AcmeSettings Settings(AcmeChallenge challenge, string[] domains, string? dnsProblem = null, ApiGeneration generation = ApiGeneration.Rest015) =>
        new(generation, "admin-url", [new AcmeProviderSettings("le", AcmeProviderSettings.LetsEncryptDirectory, challenge, ["postmaster@example.com"], domains, null, null, dnsProblem)], null);

    [Theory]
    [InlineData(AcmeChallenge.TlsAlpn01)]
    [InlineData(AcmeChallenge.Http01)]
    public void A_wildcard_with_a_challenge_that_cannot_prove_it_is_explained_as_lesson_4(AcmeChallenge challenge)
    {
        var findings = AcmeConfigJudge.Judge(Settings(challenge, ["*.example.com", "example.com"]));

        var f = Assert.Single(findings);
        Assert.Equal("acme.wildcard-needs-dns01", f.Id);
        Assert.Equal(4, f.Lesson);
        Assert.Contains("*.example.com", f.Evidence, StringComparison.Ordinal);
        Assert.Contains("acme.le.challenge = dns-01", f.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void The_016_fix_names_the_registry_objects()
    {
        var f = Assert.Single(AcmeConfigJudge.Judge(Settings(AcmeChallenge.TlsAlpn01, ["*.example.com"], generation: ApiGeneration.Jmap016)));

        Assert.Contains("challengeType to Dns01", f.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wildcard_with_dns01_and_a_working_provider_is_fine()
    {
        Assert.Empty(AcmeConfigJudge.Judge(Settings(AcmeChallenge.Dns01, ["*.example.com", "example.com"])));
        Assert.Empty(AcmeConfigJudge.Judge(Settings(AcmeChallenge.DnsPersist01, ["*.example.com"])));
    }

    [Fact]
    public void Named_hosts_with_tls_alpn_are_fine()
    {
        Assert.Empty(AcmeConfigJudge.Judge(Settings(AcmeChallenge.TlsAlpn01, ["mail.example.com", "mta-sts.example.com"])));
    }

    [Fact]
    public void Dns01_without_a_working_provider_is_flagged_with_the_reason()
    {
        var f = Assert.Single(AcmeConfigJudge.Judge(Settings(AcmeChallenge.Dns01, ["*.example.com"], "no DNS provider is set (acme.le.provider)")));

        Assert.Equal("acme.dns01-no-provider", f.Id);
        Assert.Contains("acme.le.provider", f.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_provider_that_orders_nothing_is_not_judged()
    {
        Assert.Empty(AcmeConfigJudge.Judge(Settings(AcmeChallenge.TlsAlpn01, [], "no DNS provider is set")));
    }
}
