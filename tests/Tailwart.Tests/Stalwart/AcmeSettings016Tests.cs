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
        var provider = O("""{"id":"p1","directory":"https://acme-v02.api.letsencrypt.org/directory","challengeType":"Dns01","contact":{"0":"postmaster@example.com"},"accountUri":"https://acme-v02.api.letsencrypt.org/acme/acct/42"}""");
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
}
