using Tailwart.Core.Acme;
using Tailwart.Core.Stalwart;

namespace Tailwart.Tests.Stalwart;

public sealed class AcmeSettings015Tests
{
    private static KeyValuePair<string, string> Kv(string k, string v) => new(k, v);

    [Fact]
    public void Flattened_lists_are_read_and_secrets_are_dropped_keeping_only_that_they_are_set()
    {
        // given what GET /api/settings/list?prefix=acme returns (prefix stripped), secrets included
        var items = new[]
        {
            Kv("le.directory", "https://acme-v02.api.letsencrypt.org/directory"),
            Kv("le.contact.0000", "postmaster@example.com"),
            Kv("le.domains.0000", "*.example.com"),
            Kv("le.domains.0001", "example.com"),
            Kv("le.challenge", "dns-01"),
            Kv("le.provider", "cloudflare"),
            Kv("le.secret", "SUPER-SECRET-TOKEN"),
            Kv("le.account-key", "PRIVATE-ACCOUNT-KEY"),
            Kv("le.cert", "PRIVATE-CERT-AND-KEY"),
        };

        // when
        var p = Assert.Single(AcmeSettings015.Parse(items));

        // then
        Assert.Equal("le", p.Id);
        Assert.Equal(AcmeChallenge.Dns01, p.Challenge);
        Assert.Equal(["*.example.com", "example.com"], p.Domains);
        Assert.Equal(["postmaster@example.com"], p.Contact);
        Assert.True(p.RequestsWildcard);
        Assert.Null(p.DnsProblem);
        Assert.Null(p.AccountUri);
        string everything = p.ToString() + string.Join(",", p.Domains) + string.Join(",", p.Contact);
        Assert.DoesNotContain("SECRET", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", everything, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "SECRET", "no DNS provider is set")]
    [InlineData("spaceship", "SECRET", "not one Stalwart 0.15 can publish with")]
    [InlineData("cloudflare", "", "secret is empty")]
    public void Dns01_without_a_usable_provider_says_why(string? provider, string secret, string expected)
    {
        var items = new List<KeyValuePair<string, string>> { Kv("le.domains", "*.example.com"), Kv("le.challenge", "dns-01"), Kv("le.secret", secret) };
        if (provider is not null)
            items.Add(Kv("le.provider", provider));

        var p = Assert.Single(AcmeSettings015.Parse(items));

        Assert.Contains(expected, p.DnsProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_challenge_defaults_to_tls_alpn_01_and_the_directory_to_lets_encrypt()
    {
        var p = Assert.Single(AcmeSettings015.Parse([Kv("le.domains", "mail.example.com")]));

        Assert.Equal(AcmeChallenge.TlsAlpn01, p.Challenge);
        Assert.Equal(AcmeProviderSettings.LetsEncryptDirectory, p.Directory);
        Assert.False(p.RequestsWildcard);
    }

    [Theory]
    [InlineData(false, "x", "m@example.com", "mail.example.com", "directory is not set")]
    [InlineData(true, "", "m@example.com", "mail.example.com", "directory is empty")]
    [InlineData(true, "https://acme.example/dir", "", "mail.example.com", "contact is empty")]
    [InlineData(true, "https://acme.example/dir", "m@example.com", "", "domains is empty")]
    public void A_provider_015_skips_says_why_and_the_judge_names_it(bool hasDirectory, string directory, string contact, string domain, string expected)
    {
        // v0.15.5 tls.rs AcmeProviders::parse: providers are the ids with a directory key, and need a contact and a domain
        var items = new List<KeyValuePair<string, string>> { Kv("le.contact", contact), Kv("le.domains", domain) };
        if (hasDirectory)
            items.Add(Kv("le.directory", directory));

        var p = Assert.Single(AcmeSettings015.Parse(items));
        var findings = AcmeConfigJudge.Judge(new AcmeSettings(ApiGeneration.Rest015, "admin-url", [p], null));

        Assert.Contains(expected, p.Unused, StringComparison.Ordinal);
        var f = Assert.Single(findings);
        Assert.Equal("acme.provider-unused", f.Id);
        Assert.Contains(expected, f.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_complete_provider_is_used()
    {
        var p = Assert.Single(AcmeSettings015.Parse([Kv("le.directory", AcmeProviderSettings.LetsEncryptDirectory), Kv("le.contact.0000", "m@example.com"), Kv("le.domains.0000", "mail.example.com")]));

        Assert.Null(p.Unused);
        Assert.Empty(AcmeConfigJudge.Judge(new AcmeSettings(ApiGeneration.Rest015, "admin-url", [p], null)));
    }
}
