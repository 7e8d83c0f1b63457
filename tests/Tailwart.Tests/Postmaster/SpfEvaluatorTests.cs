using System.Net;
using DnsClient;
using Tailwart.Core.Postmaster;

namespace Tailwart.Tests.Postmaster;

public sealed class SpfEvaluatorTests
{
    private static readonly IPAddress Wan = IPAddress.Parse("192.0.2.10");

    private static Task<SpfEvaluation> CheckAsync(FakeDns dns, IPAddress? ip = null) =>
        new SpfEvaluator(dns).CheckHostAsync(ip ?? Wan, "example.com", "postmaster@example.com");

    [Fact]
    public async Task Mx_that_resolves_to_the_address_passes_and_names_the_host()
    {
        var dns = new FakeDns().Add("example.com", QueryType.TXT, "v=spf1 mx -all", "google-site-verification=x")
            .Add("example.com", QueryType.MX, "mail.example.com").Add("mail.example.com", QueryType.A, "192.0.2.10");

        var e = await CheckAsync(dns);

        Assert.Equal(SpfResult.Pass, e.Result);
        Assert.Equal("mx → mail.example.com", e.Matched);
        Assert.Equal(1, e.Lookups);
        Assert.Equal("v=spf1 mx -all", e.Record);
    }

    [Fact]
    public async Task An_address_outside_every_mechanism_meets_the_all_qualifier()
    {
        var dns = new FakeDns().Add("example.com", QueryType.TXT, "v=spf1 ip4:198.51.100.0/24 ~all");

        Assert.Equal(SpfResult.SoftFail, (await CheckAsync(dns)).Result);
        Assert.Equal(SpfResult.Pass, (await CheckAsync(dns, IPAddress.Parse("198.51.100.77"))).Result);
    }

    [Fact]
    public async Task Include_and_redirect_are_followed()
    {
        var dns = new FakeDns().Add("example.com", QueryType.TXT, "v=spf1 include:_spf.provider.net redirect=_spf.example.com")
            .Add("_spf.provider.net", QueryType.TXT, "v=spf1 ip4:203.0.113.0/24 -all")
            .Add("_spf.example.com", QueryType.TXT, "v=spf1 a:out.example.com/28 -all")
            .Add("out.example.com", QueryType.A, "192.0.2.1");

        var e = await CheckAsync(dns);

        // include's -all does not end the evaluation: a non-matching include only does not match (RFC 7208 §5.2)
        Assert.Equal(SpfResult.Pass, e.Result);
        Assert.Equal("redirect=_spf.example.com → a:out.example.com/28", e.Matched);
        Assert.Equal(3, e.Lookups);
    }

    [Fact]
    public async Task Ten_lookups_are_allowed_and_the_eleventh_is_a_permerror()
    {
        // given: a chain of includes, each one lookup, ending in the address's ip4
        var ten = new FakeDns();
        var eleven = new FakeDns();
        Chain(ten, 10);
        Chain(eleven, 11);

        var ok = await CheckAsync(ten);
        var broken = await CheckAsync(eleven);

        Assert.Equal(SpfResult.Pass, ok.Result);
        Assert.Equal(10, ok.Lookups);
        Assert.Equal(SpfResult.PermError, broken.Result);
        Assert.Contains("more than 10 DNS lookups", broken.Reason, StringComparison.Ordinal);
        // the evaluator stops at the limit as a receiver does: the 11th include's record is never fetched
        Assert.DoesNotContain(eleven.Queries, q => q.Name == "i11.example.com");
    }

    private static void Chain(FakeDns dns, int includes)
    {
        dns.Add("example.com", QueryType.TXT, "v=spf1 include:i1.example.com -all");
        for (int i = 1; i <= includes; i++)
            dns.Add($"i{i}.example.com", QueryType.TXT, i < includes ? $"v=spf1 include:i{i + 1}.example.com -all" : "v=spf1 ip4:192.0.2.10 -all");
    }

    [Fact]
    public async Task A_record_that_includes_itself_stops_at_the_limit_instead_of_looping()
    {
        var dns = new FakeDns().Add("example.com", QueryType.TXT, "v=spf1 include:example.com -all");

        var e = await CheckAsync(dns);

        Assert.Equal(SpfResult.PermError, e.Result);
        Assert.Equal(11, dns.Queries.Count);
    }

    [Fact]
    public async Task A_third_void_lookup_is_a_permerror()
    {
        var dns = new FakeDns().Add("example.com", QueryType.TXT, "v=spf1 a:gone1.example.com a:gone2.example.com a:gone3.example.com ip4:192.0.2.10 -all");

        var e = await CheckAsync(dns);

        Assert.Equal(SpfResult.PermError, e.Result);
        Assert.Equal(3, e.VoidLookups);
        Assert.Contains("more than 2 lookups found nothing", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mx_with_more_than_ten_names_is_a_permerror()
    {
        var dns = new FakeDns().Add("example.com", QueryType.TXT, "v=spf1 mx -all")
            .Add("example.com", QueryType.MX, Enumerable.Range(1, 11).Select(i => $"mx{i}.example.com").ToArray());

        var e = await CheckAsync(dns);

        Assert.Equal(SpfResult.PermError, e.Result);
        Assert.Contains("11 MX names", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_spf_records_no_record_and_a_missing_include_target()
    {
        var two = new FakeDns().Add("example.com", QueryType.TXT, "v=spf1 -all", "v=spf1 mx -all");
        var none = new FakeDns().Add("example.com", QueryType.TXT, "v=DMARC1; p=none");
        var dangling = new FakeDns().Add("example.com", QueryType.TXT, "v=spf1 include:gone.example.net -all");

        Assert.Equal(SpfResult.PermError, (await CheckAsync(two)).Result);
        Assert.Equal(SpfResult.None, (await CheckAsync(none)).Result);
        Assert.Equal(SpfResult.PermError, (await CheckAsync(dangling)).Result);
    }

    [Fact]
    public async Task A_servfail_during_evaluation_is_a_temperror()
    {
        var dns = new FakeDns().Add("example.com", QueryType.TXT, "v=spf1 a:flaky.example.com -all").Fail("flaky.example.com", QueryType.A, DnsOutcome.ServFail);

        Assert.Equal(SpfResult.TempError, (await CheckAsync(dns)).Result);
    }

    [Fact]
    public async Task Ipv6_uses_ip6_and_the_dual_cidr_of_a()
    {
        var v6 = IPAddress.Parse("2001:db8::25");
        var dns = new FakeDns().Add("example.com", QueryType.TXT, "v=spf1 ip4:192.0.2.0/24 a//64 -all").Add("example.com", QueryType.AAAA, "2001:db8::1");

        var e = await CheckAsync(dns, v6);

        Assert.Equal(SpfResult.Pass, e.Result);
        Assert.Equal("a//64", e.Matched);
    }

    [Fact]
    public async Task Exists_expands_macros_with_the_reversed_address()
    {
        var dns = new FakeDns().Add("example.com", QueryType.TXT, "v=spf1 exists:%{ir}.%{l}._spf.%{d} -all").Add("10.2.0.192.postmaster._spf.example.com", QueryType.A, "127.0.0.2");

        var e = await CheckAsync(dns);

        Assert.Equal(SpfResult.Pass, e.Result);
    }

    [Fact]
    public async Task Unknown_mechanism_is_a_permerror()
    {
        var dns = new FakeDns().Add("example.com", QueryType.TXT, "v=spf1 ipv4:192.0.2.10 -all");

        var e = await CheckAsync(dns);

        Assert.Equal(SpfResult.PermError, e.Result);
        Assert.Contains("unknown mechanism 'ipv4:192.0.2.10'", e.Reason, StringComparison.Ordinal);
    }
}
