using System.Net;
using System.Security.Cryptography.X509Certificates;
using CliWrap;
using CliWrap.Buffered;
using Tailwart.Core.BringUp;
using Tailwart.Core.Certs;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Dns;
using Tailwart.Core.Guards;
using Tailwart.Core.Postmaster;
using Tailwart.IntegrationTests.BringUp;
using Tailwart.IntegrationTests.Certs;
using Tailwart.IntegrationTests.Lab;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Postmaster;

/// <summary>
/// The postmaster checks against the lab's knot (the only resolver: no query leaves the machine):
/// the signed mail zone (SPF, DMARC, TLS-RPT; TLSA published here by DNS UPDATE), the unsigned
/// reverse zone of the WAN subnet and the lab blocklists (listed, refused, clean). DANE is judged
/// against the certificate the real sweep saw on :25 through the edge; DKIM against the keys Stalwart's
/// API reports, with the selectors published here by DNS UPDATE (no private key is kept in the repo).
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class LabPostmasterTests(LabFixture fixture) : IAsyncLifetime
{
    private static readonly IPAddress Edge = IPAddress.Parse("172.31.240.10");
    private static readonly IPAddress Gateway = IPAddress.Parse("172.31.240.1");
    private readonly LabEnvironment _lab = fixture.Lab;
    private readonly string _dir = Directory.CreateTempSubdirectory("tailwart-lab-postmaster-").FullName;

    private string Domain => _lab.Config.MailDomain;

    private string TlsaOwner => $"_25._tcp.mail.{Domain}.";

    private PostmasterDns Dns() => new(_lab.Config.DnsResolver.ToString(), TimeSpan.FromSeconds(3));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await PublishTlsaAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Reverse_dns_spf_dmarc_and_tls_rpt_are_judged_from_the_lab_zones()
    {
        // given the edge (forward-confirmed PTR mail.…, inside the SPF's mx) and the gateway (PTR gw.…, which resolves elsewhere)
        var dns = Dns();

        // when
        var rdns = await new ReverseDnsCheck(dns).RunAsync([Edge, Gateway], "mail." + Domain, null);
        var spf = await new SpfCheck(dns).RunAsync(Domain, [Edge, Gateway]);
        var dmarc = await new DmarcCheck(dns).RunAsync(Domain);

        // then
        Assert.Equal(["postmaster.rdns-ok", "postmaster.rdns-not-forward-confirmed"], rdns.Select(f => f.Id));
        Assert.Contains("gw." + Domain, rdns[1].Evidence, StringComparison.Ordinal);
        Assert.Equal(["postmaster.spf-pass", "postmaster.spf-fail"], spf.Select(f => f.Id));
        Assert.Contains("by mx → mail." + Domain, spf[0].Evidence, StringComparison.Ordinal);
        Assert.Contains("v=spf1 mx -all", spf[1].Evidence, StringComparison.Ordinal);
        var policy = Assert.Single(dmarc, f => f.Id == "postmaster.dmarc-policy");
        Assert.Contains("is to be put in spam", policy.Evidence, StringComparison.Ordinal);
        Assert.Contains("DKIM strict", policy.Evidence, StringComparison.Ordinal);
        Assert.Contains("tlsrpt@" + Domain, Assert.Single(dmarc, f => f.Id == "postmaster.tlsrpt-present").Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blocklists_tell_listed_from_refused_from_clean_and_cache_the_answers()
    {
        // given the lab lists, and a zone knot does not serve (an authoritative server refuses to recurse)
        var settings = new BlocklistSettings
        {
            IpZones = ["ip.lab-dnsbl.example", "refused.lab-dnsbl.example", "zen.spamhaus.org"],
            DomainZones = ["dbl.lab-dnsbl.example"],
            MaxQueriesPerRun = 16,
        };
        string cache = Path.Combine(_dir, "dnsbl-cache.tsv");
        IPAddress rfcTest = IPAddress.Parse("127.0.0.2");

        // when
        var findings = await new BlocklistCheck(Dns(), settings, new DnsblCache(cache, TimeProvider.System)).RunAsync(Domain, [Edge, Gateway, rfcTest]);
        var listedDomain = await new BlocklistCheck(Dns(), settings with { IpZones = [] }, new DnsblCache(null, TimeProvider.System)).RunAsync("listed-domain.example", []);
        var again = await new BlocklistCheck(Dns(), settings, new DnsblCache(cache, TimeProvider.System)).RunAsync(Domain, [Edge, Gateway, rfcTest]);

        // then
        var listed = findings.Where(f => f.Id == "postmaster.dnsbl-listed").ToList();
        Assert.Equal(2, listed.Count);
        Assert.Contains(listed, f => f.Title == $"{Gateway} is listed on ip.lab-dnsbl.example" && f.Evidence.Contains("127.0.0.4", StringComparison.Ordinal));
        Assert.Contains(listed, f => f.Title == $"{rfcTest} is listed on ip.lab-dnsbl.example");
        var refused = findings.Where(f => f.Id == "postmaster.dnsbl-refused").ToList();
        Assert.Equal(3, refused.Count);
        Assert.All(refused, f => Assert.Contains("127.255.255.254", f.Evidence, StringComparison.Ordinal));
        Assert.Equal(3, findings.Count(f => f.Id == "postmaster.dnsbl-failed" && f.Title.Contains("zen.spamhaus.org", StringComparison.Ordinal)));
        Assert.Equal("ip.lab-dnsbl.example, dbl.lab-dnsbl.example", Assert.Single(findings, f => f.Id == "postmaster.dnsbl-clean").Evidence);
        Assert.Contains("127.0.1.2", Assert.Single(listedDomain, f => f.Id == "postmaster.dnsbl-listed").Evidence, StringComparison.Ordinal);
        Assert.All(again.Where(f => f.Id is "postmaster.dnsbl-listed" or "postmaster.dnsbl-refused"), f => Assert.EndsWith("(cached)", f.Evidence, StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cache));
    }

    [Fact]
    public async Task Dane_matches_the_served_key_and_dkim_the_keys_stalwart_signs_with_against_the_signed_zone()
    {
        // given Stalwart serving a lab-CA certificate, swept once through the edge as the doctor does
        await LabStack.UpWithApiAsync(_lab);
        using var stack = LabStack.Create(_lab);
        using var ca = new LabCertificateAuthority("Tailwart Lab DANE CA");
        await LabStalwartCertificate.ImportAsync(_lab, ca, "dane");
        try
        {
            var guard = new BudgetGuard(new ActionLedger(Path.Combine(_dir, "ledger.json"), TimeProvider.System), TimeSpan.Zero);
            var observations = await new CertSweep(stack.Config, guard, new X509Certificate2Collection(ca.Root))
                .RunAsync(new Tailwart.Core.Net.DirectConnector(new HostResolver(stack.Config.Dns.Resolver, TimeSpan.FromSeconds(3))));
            var smtp = Assert.Single(observations, o => o.Port == 25 && o.Hostname == "mail." + Domain);
            var served = smtp.Certificate;
            Assert.NotNull(served);
            // the same sweep carries the greeting the reverse-DNS check compares the PTR with
            var rdns = Assert.Single(await new ReverseDnsCheck(Dns()).RunAsync([Edge], "configured.invalid", smtp.Banner));
            Assert.Equal("postmaster.rdns-ok", rdns.Id);
            Assert.Contains("SMTP greeting \"220 mail." + Domain, rdns.Evidence, StringComparison.Ordinal);
            string spki = TlsaRecord.Associate(served.Presented[0], 1, 1)!;
            using var other = System.Security.Cryptography.ECDsa.Create();
            string otherKey = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(other.ExportSubjectPublicKeyInfo()));

            // when: a matching and a stale record, then the stale one alone
            await PublishTlsaAsync("3 1 1 " + spki, "3 1 1 " + otherKey);
            var both = await new DaneCheck(Dns(), TimeProvider.System).RunAsync(Domain, observations, null);
            await PublishTlsaAsync("3 1 1 " + otherKey);
            var stale = await new DaneCheck(Dns(), TimeProvider.System).RunAsync(Domain, observations, null);

            // then
            Assert.Contains(both, f => f.Id == "postmaster.dane-match");
            Assert.DoesNotContain(both, f => f.Id == "postmaster.dane-mismatch");
            Assert.Contains("signed (RRSIG present), AD bit not set", Assert.Single(both, f => f.Id == "postmaster.dane-unvalidated").Evidence, StringComparison.Ordinal);
            var mismatch = Assert.Single(stale, f => f.Id == "postmaster.dane-mismatch");
            Assert.Equal(Severity.Failure, mismatch.Severity);
            Assert.Contains(spki, mismatch.Fix, StringComparison.Ordinal);
            Assert.Contains("(edge)", mismatch.Evidence, StringComparison.Ordinal);

            // and DKIM, on the same running stack (no bring-up of its own: CI time): two keys in Stalwart's settings
            // (0.15 signature.<id>.*, read back through the API as the doctor does), one selector published
            using var keyA = System.Security.Cryptography.RSA.Create(2048);
            using var keyB = System.Security.Cryptography.RSA.Create(2048);
            string spkiA = Convert.ToBase64String(keyA.ExportSubjectPublicKeyInfo());
            await AddDkimKeyAsync("lab-a", "laba", keyA.ExportRSAPrivateKeyPem());
            await AddDkimKeyAsync("lab-b", "labb", keyB.ExportRSAPrivateKeyPem());
            await PublishTxtAsync($"laba._domainkey.{Domain}.", "v=DKIM1; k=rsa; p=" + spkiA);
            using var core = LabStack.CreateCore(_lab, _dir);
            var keys = await core.DkimKeysAsync();
            var dkim = await new DkimCheck(Dns()).RunAsync(keys);
            await PublishTxtAsync($"laba._domainkey.{Domain}.", "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(keyB.ExportSubjectPublicKeyInfo()));
            var swapped = await new DkimCheck(Dns()).RunAsync(keys.Where(k => k.Selector == "laba").ToList());

            Assert.Equal(spkiA, Assert.Single(keys, k => k.Selector == "laba").PublicKey);
            Assert.Contains(dkim, f => f.Id == "postmaster.dkim-ok" && f.Title.Contains("laba", StringComparison.Ordinal));
            var unpublished = Assert.Single(dkim, f => f.Id == "postmaster.dkim-unpublished");
            Assert.Contains("labb", unpublished.Title, StringComparison.Ordinal);
            Assert.Equal(Severity.Failure, unpublished.Severity);
            Assert.Equal("postmaster.dkim-mismatch", Assert.Single(swapped).Id);
            Assert.DoesNotContain("PRIVATE KEY", string.Join("|", keys) + string.Join("|", dkim), StringComparison.Ordinal);
        }
        finally
        {
            await PublishTxtAsync($"laba._domainkey.{Domain}.");
            await LabStalwartCertificate.AdminAsync(_lab, "POST", "/api/settings", """[{"type":"clear","prefix":"signature.lab-a."},{"type":"clear","prefix":"signature.lab-b."}]""");
            await PublishTlsaAsync();
            await LabStalwartCertificate.RemoveAsync(_lab, "dane");
            await _lab.ResetStackAsync();
        }
    }

    private async Task AddDkimKeyAsync(string id, string selector, string pem)
    {
        var values = new[] { new[] { "algorithm", "rsa-sha256" }, new[] { "domain", Domain }, new[] { "selector", selector }, new[] { "private-key", pem } };
        var insert = await LabStalwartCertificate.AdminAsync(_lab, "POST", "/api/settings",
            System.Text.Json.JsonSerializer.Serialize(new object[] { new { type = "insert", prefix = $"signature.{id}", values, assert_empty = false } }));
        Assert.Equal(200, insert?.Status);
    }

    /// <summary>Replaces the TXT set of <paramref name="owner"/>; none removes it.</summary>
    private Task PublishTxtAsync(string owner, params string[] values) => LabDnsUpdate.ReplaceAsync(_lab, Domain, owner, "TXT", values.Select(LabDnsUpdate.Txt));

    /// <summary>Replaces the TLSA set of mail.… on :25; none removes it.</summary>
    private Task PublishTlsaAsync(params string[] records) => LabDnsUpdate.ReplaceAsync(_lab, Domain, TlsaOwner, "TLSA", records);
}
