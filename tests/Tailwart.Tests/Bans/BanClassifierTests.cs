using System.Net;
using Tailwart.Core.Bans;
using Tailwart.Core.Checks;
using Tailwart.Core.Net;
using Tailwart.Core.Stalwart;

namespace Tailwart.Tests.Bans;

public sealed class BanClassifierTests
{
    private static readonly IPAddress EdgeBox = IPAddress.Parse("172.20.0.5");

    private static IpList List(params string[] addresses) =>
        new(addresses.Select(a => new IpListEntry(a, "server.blocked-ip." + a)).ToList(), ApiGeneration.Rest015, "admin-url");

    [Fact]
    public void A_ban_on_the_wan_ip_is_highlighted_with_the_lesson_three_explanation()
    {
        // given
        var box = new BoxAddresses(IPAddress.Parse("198.51.100.20"), Cidr.Tailnet, [EdgeBox]);

        // when
        var (entries, findings) = BanClassifier.Classify(List("198.51.100.20", "203.0.113.9"), box);

        // then
        Assert.Equal([BoxAddressKind.WanIp], entries.Single(e => e.Address == "198.51.100.20").Matches);
        Assert.False(entries.Single(e => e.Address == "203.0.113.9").IsBoxAddress);
        Finding finding = Assert.Single(findings);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(3, finding.Lesson);
        Assert.Contains("PROXY header's client IP", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains("socket IP", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Tailnet_addresses_cidr_entries_covering_the_box_and_the_box_itself_are_highlighted()
    {
        // given
        var box = new BoxAddresses(IPAddress.Parse("198.51.100.20"), Cidr.Tailnet, [EdgeBox]);

        // when
        var (entries, _) = BanClassifier.Classify(List("100.79.87.80", "198.51.100.0/24", "172.20.0.5", "2001:db8::1", "0.0.0.0/0"), box);

        // then
        Assert.Equal([BoxAddressKind.Tailnet], entries.Single(e => e.Address == "100.79.87.80").Matches);
        Assert.Equal([BoxAddressKind.WanIp], entries.Single(e => e.Address == "198.51.100.0/24").Matches);
        Assert.Equal([BoxAddressKind.EdgeBox], entries.Single(e => e.Address == "172.20.0.5").Matches);
        Assert.Empty(entries.Single(e => e.Address == "2001:db8::1").Matches);
        Assert.Equal([BoxAddressKind.WanIp, BoxAddressKind.Tailnet, BoxAddressKind.EdgeBox], entries.Single(e => e.Address == "0.0.0.0/0").Matches);
    }

    [Fact]
    public void Ipv6_entries_match_an_ipv6_wan_address_written_differently()
    {
        // given
        var box = new BoxAddresses(IPAddress.Parse("2001:db8::20"), Cidr.Tailnet, []);

        // when
        var (entries, findings) = BanClassifier.Classify(List("2001:DB8:0:0::20"), box);

        // then
        Assert.True(entries[0].IsBoxAddress);
        Assert.Single(findings);
        Assert.Equal("2001:db8::20", IpList.Normalise("2001:DB8:0:0::20/128"));
    }
}
