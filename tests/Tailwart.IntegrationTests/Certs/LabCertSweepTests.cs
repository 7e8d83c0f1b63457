using System.Security.Cryptography.X509Certificates;
using Tailwart.Core.BringUp;
using Tailwart.Core.Certs;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Dns;
using Tailwart.Core.Guards;
using Tailwart.Core.Net;
using Tailwart.Core.Netns;
using Tailwart.Core.Stalwart;
using Tailwart.IntegrationTests.BringUp;
using Tailwart.IntegrationTests.Lab;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Certs;

/// <summary>
/// The certificate sweep against the whole lab stack: a certificate from a test CA imported into
/// Stalwart (trusted through the anchor the sweep is given) is fine on every port, the rcgen
/// fallback is the finding on exactly the ports that serve it; through the edge, :443 shows
/// Stalwart's own certificate while it passes TLS through, and a finding when it terminates.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class LabCertSweepTests(LabFixture fixture) : IAsyncLifetime, IClassFixture<StackResetAfterClass>
{
    private readonly LabEnvironment _lab = fixture.Lab;
    private readonly string _dir = Directory.CreateTempSubdirectory("tailwart-lab-certs-").FullName;
    private readonly LabCertificateAuthority _ca = new("Tailwart Lab Test CA");
    private TailwartConfig _config = null!;
    private StackServices _stack = null!;

    public async Task InitializeAsync()
    {
        await LabStack.UpWithApiAsync(_lab);
        _stack = LabStack.Create(_lab);
        _config = _stack.Config;
        await LabStalwartCertificate.ImportAsync(_lab, _ca, "labca");
    }

    public async Task DisposeAsync()
    {
        await _lab.FaultAsync("tls-fallback", on: false);
        await _lab.FaultAsync("edge-terminate", on: false);
        await LabStalwartCertificate.RemoveAsync(_lab, "labca");
        _stack?.Dispose();
        _ca.Dispose();
        // the stack itself is reset once after the class (StackResetAfterClass): each test undoes its faults and certificate above
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_ca_certificate_is_fine_on_every_port_and_the_fallback_is_the_finding_on_465_and_993_only()
    {
        // given Stalwart serving the fallback on submissions (465) and imaptls (993) although it holds a CA certificate
        await _lab.FaultAsync("tls-fallback", on: true);

        // when
        var observations = await Sweep().RunAsync(Netns());
        var findings = CertJudge.Judge(observations, DateTimeOffset.UtcNow);

        // then: every hostname on every port was seen, and each port serves what it should
        Assert.Equal(_config.Mail.Hostnames.All().Count() * CertPorts.All.Count, observations.Count);
        foreach (CertObservation o in observations)
        {
            Assert.True(o.Certificate is not null, $"{o.Hostname}:{o.Port}: {o.Problem}");
            if (o.Port is 465 or 993)
                Assert.True(o.Certificate!.IsStalwartFallback, $"{o.Hostname}:{o.Port} served {o.Certificate.Subject}");
            else
            {
                Assert.Equal("CN=*." + _lab.Config.MailDomain, o.Certificate!.Subject);
                Assert.Null(o.Certificate.ChainProblem);
            }
        }
        var fallback = findings.Where(f => f.Id == "certs.self-signed-fallback").Select(f => f.Title).ToList();
        Assert.Equal(2, fallback.Count);
        Assert.Contains(fallback, t => t.Contains("port 465", StringComparison.Ordinal));
        Assert.Contains(fallback, t => t.Contains("port 993", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.Id is "certs.untrusted-chain" or "certs.name-not-covered" or "certs.no-tls");
        Assert.Contains(findings, f => f.Id == "certs.different-per-port");
    }

    [Fact]
    public async Task Without_the_trust_anchor_the_same_certificate_is_an_untrusted_chain()
    {
        var observations = await Sweep(anchors: false).RunAsync(Netns());

        var findings = CertJudge.Judge(observations, DateTimeOffset.UtcNow);

        Assert.Equal(CertPorts.All.Count, findings.Count(f => f.Id == "certs.untrusted-chain"));
        Assert.DoesNotContain(findings, f => f.Id == "certs.self-signed-fallback");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_certificate_imported_without_its_intermediate_is_named_on_every_port_and_with_it_is_trusted(bool fullChain)
    {
        // given Stalwart holding a leaf from an intermediate of the lab CA, as cert.pem or as fullchain.pem
        // (the leaf names its issuer's URL, as public CAs' leaves do; ServedChainTests checks it is never fetched)
        await LabStalwartCertificate.RemoveAsync(_lab, "labca");
        var pair = _ca.IssueViaIntermediate(fullChain, "http://127.0.0.1:9/intermediate.der", "*." + _lab.Config.MailDomain, _lab.Config.MailDomain);
        await LabStalwartCertificate.ImportAsync(_lab, pair, "labca");

        // when
        var observations = await Sweep().RunAsync(Netns());
        var findings = CertJudge.Judge(observations, DateTimeOffset.UtcNow);

        // then: Stalwart serves what it was given, and the verdict follows it on each port
        Assert.All(observations, o =>
        {
            Assert.True(o.Certificate is not null, $"{o.Hostname}:{o.Port}: {o.Problem}");
            Assert.Equal(fullChain ? 2 : 1, o.Certificate!.Presented.Count);
        });
        var incomplete = findings.Where(f => f.Id == "certs.incomplete-chain").ToList();
        if (fullChain)
        {
            Assert.Empty(incomplete);
            Assert.DoesNotContain(findings, f => f.Id == "certs.untrusted-chain");
        }
        else
        {
            Assert.Equal(CertPorts.All.Count, incomplete.Count);
            Assert.All(CertPorts.All, p => Assert.Contains(incomplete, f => f.Title.Contains($"port {p.Port} ", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task A_wildcard_issued_over_acme_dns_01_is_served_on_every_port_with_its_chain()
    {
        // given a real ACME issuance (pebble + lego, DNS-01) of *.domain + domain, imported as lego's bundle
        await using var acme = await PebbleAcme.StartAsync();
        var issued = await acme.IssueAsync("*." + _lab.Config.MailDomain, _lab.Config.MailDomain);
        using X509Certificate2 root = issued.Root;
        await LabStalwartCertificate.RemoveAsync(_lab, "labca");
        await LabStalwartCertificate.ImportAsync(_lab, (issued.FullChainPem, issued.KeyPem), "labca");

        // when: swept with pebble's root as the anchor (as a private CA would be configured)
        var observations = await Sweep(root: root).RunAsync(Netns());
        var findings = CertJudge.Judge(observations, DateTimeOffset.UtcNow);

        // then: every hostname on every port gets the ACME certificate, sent with pebble's intermediate and trusted
        using var leaf = X509Certificate2.CreateFromPem(issued.LeafPem);
        Assert.All(observations, o =>
        {
            Assert.True(o.Certificate is not null, $"{o.Hostname}:{o.Port}: {o.Problem}");
            Assert.Equal(leaf.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), o.Certificate!.Sha256Fingerprint);
            Assert.StartsWith("CN=Pebble Intermediate CA", o.Certificate.Issuer, StringComparison.Ordinal);
            Assert.Equal(2, o.Certificate.Presented.Count);
            Assert.Null(o.Certificate.ChainProblem);
        });
        Assert.DoesNotContain(findings, f => f.Id.StartsWith("certs.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Through_a_pass_through_edge_443_shows_stalwarts_own_certificate()
    {
        // when
        var observations = (await Sweep().RunAsync(Netns())).Concat(await Sweep().RunAsync(Edge())).ToList();
        var findings = CertJudge.Judge(observations, DateTimeOffset.UtcNow);

        // then
        foreach (string host in _config.Mail.Hostnames.All())
        {
            var direct = observations.Single(o => o.Path == "netns" && o.Hostname == host && o.Port == 443).Certificate;
            var edge = observations.Single(o => o.Path == "edge" && o.Hostname == host && o.Port == 443).Certificate;
            Assert.NotNull(direct);
            Assert.True(edge is not null, observations.Single(o => o.Path == "edge" && o.Hostname == host && o.Port == 443).Problem);
            Assert.Equal(direct.Sha256Fingerprint, edge.Sha256Fingerprint);
        }
        Assert.DoesNotContain(findings, f => f.Id == "certs.edge-not-passthrough");
        Assert.DoesNotContain(findings, f => f.Severity == Severity.Failure);
    }

    [Fact]
    public async Task An_edge_that_terminates_443_with_its_own_certificate_is_the_finding()
    {
        // given
        await _lab.FaultAsync("edge-terminate", on: true);

        // when
        var observations = (await Sweep().RunAsync(Netns())).Concat(await Sweep().RunAsync(Edge())).ToList();
        var findings = CertJudge.Judge(observations, DateTimeOffset.UtcNow);

        // then: one finding per hostname, naming the edge's certificate and Stalwart's
        var edgeFindings = findings.Where(f => f.Id == "certs.edge-not-passthrough").ToList();
        Assert.Equal(_config.Mail.Hostnames.All().Count(), edgeFindings.Count);
        Assert.All(edgeFindings, f =>
        {
            Assert.Contains("edge-own.", f.Evidence, StringComparison.Ordinal);
            Assert.Equal(5, f.Lesson);
        });
    }

    /// <summary>A sweep trusting <paramref name="root"/> (default: the lab CA's), or no extra anchor at all.</summary>
    private CertSweep Sweep(bool anchors = true, X509Certificate2? root = null)
    {
        // a private ledger with no interval: each sweep here is one deliberate action, not a refresh loop
        var guard = new BudgetGuard(new ActionLedger(Path.Combine(_dir, $"ledger-{Guid.NewGuid():N}.json"), TimeProvider.System), TimeSpan.Zero);
        return new CertSweep(_config, guard, anchors ? new X509Certificate2Collection(root ?? _ca.Root) : null);
    }

    private SidecarConnector Netns() => new(_stack.SidecarConnectorAsync);

    private DirectConnector Edge() => new(new HostResolver(_config.Dns.Resolver, TimeSpan.FromSeconds(3)));
}
