using System.Security.Cryptography.X509Certificates;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Dns;
using Tailwart.IntegrationTests.BringUp;
using Tailwart.IntegrationTests.Lab;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Certs;

/// <summary>
/// The MTA-STS policy as a sender fetches it, against the whole lab: the lab DNS announces it
/// (_mta-sts TXT), mta-sts.&lt;domain&gt; resolves to the edge, the edge passes :443 through by SNI,
/// and Stalwart (the stand-in) serves the policy over real TLS with a certificate from a test CA.
/// Trusted through that CA the policy is clean; without it the fetch fails as a sender's would.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class LabMtaStsPolicyTests(LabFixture fixture) : IAsyncLifetime
{
    private readonly LabEnvironment _lab = fixture.Lab;
    private readonly LabCertificateAuthority _ca = new("Tailwart Lab MTA-STS Test CA");
    private TailwartConfig _config = null!;

    public async Task InitializeAsync()
    {
        await LabStack.UpWithApiAsync(_lab);
        using (var stack = LabStack.Create(_lab))
            _config = stack.Config;
        await LabStalwartCertificate.ImportAsync(_lab, _ca, "mtasts");
    }

    public async Task DisposeAsync()
    {
        await LabStalwartCertificate.RemoveAsync(_lab, "mtasts");
        _ca.Dispose();
        await _lab.ResetStackAsync();
    }

    [Fact]
    public async Task The_served_policy_covers_the_mx_and_gives_no_mta_sts_finding()
    {
        // given
        var resolver = new HostResolver(_config.Dns.Resolver, TimeSpan.FromSeconds(3));
        var fetcher = new MtaStsPolicyFetcher(resolver, TimeSpan.FromSeconds(5), new X509Certificate2Collection(_ca.Root));

        // when
        MtaStsFetch fetch = await fetcher.FetchAsync(_config.Mail.Domain);
        var findings = await new DnsChecks(_config, resolver.Client, fetcher).RunAsync(null);

        // then: the stand-in's policy, read through the edge, and nothing to say about it
        Assert.True(fetch.Policy is not null, fetch.Problem);
        Assert.True(fetch.Policy.IsValid, string.Join("; ", fetch.Policy.Problems));
        Assert.Equal("enforce", fetch.Policy.Mode);
        Assert.Contains(_config.Mail.Hostnames.Mail, fetch.Policy.Mx);
        Assert.StartsWith("text/plain", fetch.ContentType, StringComparison.Ordinal);
        Assert.DoesNotContain(findings, f => f.Id.StartsWith("dns.mta-sts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_the_test_ca_the_policy_is_unreachable_as_for_a_sender()
    {
        // given: only the system's roots, which do not know the test CA
        var resolver = new HostResolver(_config.Dns.Resolver, TimeSpan.FromSeconds(3));

        // when
        var findings = await new DnsChecks(_config, resolver.Client, new MtaStsPolicyFetcher(resolver, TimeSpan.FromSeconds(5))).RunAsync(null);

        // then
        var f = Assert.Single(findings, f => f.Id == "dns.mta-sts-policy-unreachable");
        Assert.Equal(Severity.Failure, f.Severity);
        Assert.Contains("untrusted chain", f.Evidence, StringComparison.Ordinal);
    }
}
