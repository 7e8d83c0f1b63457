using System.Text.Json.Nodes;
using Tailwart.Core.Stalwart;

namespace Tailwart.Tests.Stalwart;

public sealed class AcmeSettings016Tests
{
    private static JsonObject O(string json) => (JsonObject)JsonNode.Parse(json)!;

    [Fact]
    public void Empty_subject_alternative_names_with_dns01_order_the_wildcard_and_the_apex()
    {
        // given
        var provider = O("""{"id":"p1","directory":"https://acme-v02.api.letsencrypt.org/directory","challengeType":"Dns01","contact":{"postmaster@example.com":true},"accountUri":"https://acme-v02.api.letsencrypt.org/acme/acct/42"}""");
        var domain = O("""{"id":"d1","name":"example.com","certificateManagement":{"@type":"Automatic","acmeProviderId":"p1","subjectAlternativeNames":{}},"dnsManagement":{"@type":"Automatic","dnsServerId":"s1"}}""");
        var server = O("""{"id":"s1","@type":"Spaceship"}""");

        // when
        var p = Assert.Single(AcmeSettings016.Parse([provider], [domain], [server]));

        // then
        Assert.Equal(["*.example.com", "example.com"], p.Domains);
        Assert.Equal("https://acme-v02.api.letsencrypt.org/acme/acct/42", p.AccountUri);
        Assert.Equal(["postmaster@example.com"], p.Contact);
        Assert.Equal("Spaceship", p.DnsProvider);
        Assert.Null(p.DnsProblem);
    }

    [Fact]
    public void Tls_alpn_with_empty_names_orders_the_service_names_and_no_wildcard()
    {
        var provider = O("""{"id":"p1","challengeType":"TlsAlpn01"}""");
        var domain = O("""{"id":"d1","name":"example.com","certificateManagement":{"@type":"Automatic","acmeProviderId":"p1"}}""");

        var p = Assert.Single(AcmeSettings016.Parse([provider], [domain], []));

        Assert.False(p.RequestsWildcard);
        Assert.Contains("mta-sts.example.com", p.Domains);
        Assert.Equal(AcmeProviderSettings.LetsEncryptDirectory, p.Directory);
    }

    [Fact]
    public void A_star_label_is_a_wildcard_inside_the_domain()
    {
        var provider = O("""{"id":"p1","challengeType":"Http01"}""");
        var domain = O("""{"id":"d1","name":"example.com","certificateManagement":{"@type":"Automatic","acmeProviderId":"p1","subjectAlternativeNames":{"*":true,"mail":true}}}""");

        var p = Assert.Single(AcmeSettings016.Parse([provider], [domain], []));

        Assert.Equal(["*.example.com", "mail.example.com"], p.Domains);
        Assert.True(p.RequestsWildcard);
    }

    [Theory]
    [InlineData("""{"@type":"Manual"}""", "no automatic DNS management")]
    [InlineData("""{"@type":"Automatic","dnsServerId":"gone"}""", "does not exist")]
    public void Dns01_on_a_domain_without_a_dns_server_says_why(string dnsManagement, string expected)
    {
        var provider = O("""{"id":"p1","challengeType":"Dns01"}""");
        var domain = O($$"""{"id":"d1","name":"example.com","certificateManagement":{"@type":"Automatic","acmeProviderId":"p1"},"dnsManagement":{{dnsManagement}}}""");

        var p = Assert.Single(AcmeSettings016.Parse([provider], [domain], []));

        Assert.Contains(expected, p.DnsProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_domain_managed_by_another_provider_or_manually_is_not_counted()
    {
        var provider = O("""{"id":"p1","challengeType":"Dns01"}""");
        var other = O("""{"id":"d1","name":"a.com","certificateManagement":{"@type":"Automatic","acmeProviderId":"p2"}}""");
        var manual = O("""{"id":"d2","name":"b.com","certificateManagement":{"@type":"Manual"}}""");

        var p = Assert.Single(AcmeSettings016.Parse([provider], [other, manual], []));

        Assert.Empty(p.Domains);
        Assert.Null(p.DnsProblem);
    }

    private static IEnumerable<JsonObject> Corpus(string name) => ((JsonArray)StalwartCorpus.Json(name)["list"]!).OfType<JsonObject>();

    [Fact]
    public void The_corpus_answers_give_each_provider_its_names_contact_account_and_dns_server()
    {
        // given Stalwart's own /get answers (v0.16.18 shapes: Set-shaped Maps, "@type" variants, null origin)
        var providers = Corpus("v016/acmeprovider-get.json");

        // when
        var parsed = AcmeSettings016.Parse(providers, Corpus("v016/domain-get-acme.json"), Corpus("v016/dnsserver-get.json"));

        // then provider b orders the wildcard and apex of example.com (DNS-01 via Spaceship) and mail.example.net
        var b = Assert.Single(parsed, p => p.Id == "b");
        Assert.Equal(AcmeChallenge.Dns01, b.Challenge);
        Assert.Equal(["postmaster@example.com"], b.Contact);
        Assert.Equal(["*.example.com", "example.com", "mail.example.net"], b.Domains);
        Assert.Equal("https://acme-v02.api.letsencrypt.org/acme/acct/2297510316", b.AccountUri);
        Assert.Equal("Spaceship", b.DnsProvider);
        // example.net has DNS management Manual, so DNS-01 has nothing to publish with there
        Assert.Contains("domain example.net has no automatic DNS management", b.DnsProblem, StringComparison.Ordinal);
        Assert.DoesNotContain("example.org", string.Join(",", b.Domains), StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_unregistered_provider_has_no_account_uri_and_the_default_challenge()
    {
        // given the full object (no properties): accountUri "" and accountKey "****", as Stalwart answers before registering
        var c = Corpus("v016/acmeprovider-get.json").Single(p => (string?)p["id"] == "c");

        // when
        var p = Assert.Single(AcmeSettings016.Parse([c], [], []));

        // then "" is "not registered" (null), contact {} is empty, the default challenge is TLS-ALPN-01
        Assert.Null(p.AccountUri);
        Assert.Empty(p.Contact);
        Assert.Equal(AcmeChallenge.TlsAlpn01, p.Challenge);
        Assert.Empty(p.Domains);
    }

    [Fact]
    public void A_set_whose_members_look_like_indexes_is_still_a_set()
    {
        // given a Map<String> serialised as a Set (v0.16.18 types/map.rs) with a numeric-looking member
        var set = O("""{"0":true,"mail":true,"old":false}""");

        // when / then: the members are the keys set to true, not the values
        Assert.Equal(["0", "mail"], AcmeSettings016.Members(set));
        Assert.Equal(["a@b.example"], AcmeSettings016.Members(O("""{"0":"a@b.example"}""")));
    }
}
