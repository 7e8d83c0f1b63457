using System.Net;
using DnsClient;
using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Postmaster;

namespace Tailwart.Tests.Postmaster;

public sealed class DnsblAnswerTests
{
    [Theory]
    [InlineData(DnsOutcome.NxDomain, new string[0], DnsblVerdict.Clean)]
    [InlineData(DnsOutcome.Answer, new[] { "127.0.0.2" }, DnsblVerdict.Listed)]
    [InlineData(DnsOutcome.Answer, new[] { "127.0.0.4", "127.0.0.11" }, DnsblVerdict.Listed)]
    [InlineData(DnsOutcome.Answer, new[] { "127.255.255.254" }, DnsblVerdict.Refused)]
    [InlineData(DnsOutcome.Answer, new[] { "127.255.255.255" }, DnsblVerdict.Refused)]
    [InlineData(DnsOutcome.Answer, new[] { "127.255.255.252" }, DnsblVerdict.Refused)]
    [InlineData(DnsOutcome.Answer, new[] { "127.0.0.1" }, DnsblVerdict.Unexpected)]
    [InlineData(DnsOutcome.Answer, new[] { "198.51.100.53" }, DnsblVerdict.Unexpected)]
    [InlineData(DnsOutcome.Timeout, new string[0], DnsblVerdict.Timeout)]
    [InlineData(DnsOutcome.ServFail, new string[0], DnsblVerdict.Failed)]
    [InlineData(DnsOutcome.Refused, new string[0], DnsblVerdict.Failed)]
    public void Answer_codes_are_told_apart(DnsOutcome outcome, string[] data, DnsblVerdict expected)
    {
        var a = DnsblAnswer.Classify("zen.spamhaus.org", "10.2.0.192.zen.spamhaus.org", new DnsAnswer("10.2.0.192.zen.spamhaus.org", outcome, data));

        Assert.Equal(expected, a.Verdict);
    }

    [Fact]
    public void Spamhaus_codes_are_explained()
    {
        var refused = DnsblAnswer.Classify("zen.spamhaus.org", "q", DnsAnswer.Of("q", "127.255.255.254"));
        var pbl = DnsblAnswer.Classify("zen.spamhaus.org", "q", DnsAnswer.Of("q", "127.0.0.11"));

        Assert.Contains("public or open resolver", refused.Meaning(), StringComparison.Ordinal);
        Assert.Contains("PBL", pbl.Meaning(), StringComparison.Ordinal);
    }

    [Fact]
    public void Addresses_are_asked_as_reversed_labels()
    {
        Assert.Equal("10.2.0.192", ReverseDns.ReversedLabels(IPAddress.Parse("192.0.2.10")));
        Assert.Equal("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", ReverseDns.PointerName(IPAddress.Parse("2001:db8::1")));
    }

    private static readonly IPAddress Wan = IPAddress.Parse("192.0.2.10");

    private static FakeDns Lists() => new FakeDns()
        .Add("10.2.0.192.listed.example", QueryType.A, "127.0.0.2")
        .Add("10.2.0.192.refusing.example", QueryType.A, "127.255.255.254")
        .Add("clean.example", QueryType.SOA, "ns")
        .Fail("10.2.0.192.silent.example", QueryType.A, DnsOutcome.Timeout);

    [Fact]
    public async Task Listed_refused_timeout_and_clean_become_separate_findings()
    {
        var settings = new BlocklistSettings { IpZones = ["listed.example", "refusing.example", "silent.example", "clean.example"], DomainZones = [], MaxQueriesPerRun = 8 };

        var findings = await new BlocklistCheck(Lists(), settings, new DnsblCache(null, TimeProvider.System)).RunAsync("example.com", [Wan]);

        Assert.Equal(Severity.Failure, Assert.Single(findings, f => f.Id == "postmaster.dnsbl-listed").Severity);
        var refused = Assert.Single(findings, f => f.Id == "postmaster.dnsbl-refused");
        Assert.Equal(Severity.Warning, refused.Severity);
        Assert.Contains("refusing.example", refused.Title, StringComparison.Ordinal);
        Assert.Single(findings, f => f.Id == "postmaster.dnsbl-timeout");
        Assert.Equal("clean.example", Assert.Single(findings, f => f.Id == "postmaster.dnsbl-clean").Evidence);
    }

    [Fact]
    public async Task Answers_are_cached_in_a_private_file_and_queries_beyond_the_budget_wait()
    {
        // given
        string dir = Directory.CreateTempSubdirectory("tw-dnsbl-").FullName;
        string path = Path.Combine(dir, "dnsbl-cache.tsv");
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var settings = new BlocklistSettings { IpZones = ["listed.example", "refusing.example", "clean.example"], DomainZones = ["dbl.example"], MaxQueriesPerRun = 2, CacheMinutes = 60 };

        // when: three runs, the third after the cache has expired
        var dns = Lists();
        var first = await new BlocklistCheck(dns, settings, new DnsblCache(path, time)).RunAsync("example.com", [Wan]);
        int afterFirst = dns.Queries.Count;
        var second = await new BlocklistCheck(dns, settings, new DnsblCache(path, time)).RunAsync("example.com", [Wan]);
        int afterSecond = dns.Queries.Count;
        time.Advance(TimeSpan.FromMinutes(61));
        await new BlocklistCheck(dns, settings, new DnsblCache(path, time)).RunAsync("example.com", [Wan]);

        // then
        Assert.Equal(2, afterFirst);
        Assert.Contains("2 blocklist queries skipped: budget", Assert.Single(first, f => f.Id == "postmaster.dnsbl-skipped").Title, StringComparison.Ordinal);
        Assert.Equal(4, afterSecond);
        Assert.DoesNotContain(second, f => f.Id == "postmaster.dnsbl-skipped");
        Assert.EndsWith("(cached)", Assert.Single(second, f => f.Id == "postmaster.dnsbl-listed").Evidence, StringComparison.Ordinal);
        Assert.Equal(6, dns.Queries.Count);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Directory.Delete(dir, true);
    }
}
