using Tailwart.Core.Bans;

namespace Tailwart.Tests.Bans;

public sealed class BanListSummaryTests
{
    private static List<string> Storm(int count) =>
        Enumerable.Range(0, count).Select(i => $"10.{i / 65536}.{i / 256 % 256}.{i % 256}").ToList();

    [Fact]
    public void A_storm_of_601_reads_as_a_count_the_first_few_and_groups_by_network_and_reason()
    {
        // given 600 addresses in three /24s (256 + 256 + 88) and one IPv6
        var addresses = Storm(600);
        addresses.Add("2001:db8:0:1::7");
        var reasons = addresses.Select((_, i) => i < 500 ? "portScanning" : "authFailure").ToList<string?>();

        // when
        BanListSummary summary = BanListSummary.Of(addresses, reasons);
        var lines = summary.Lines().ToList();

        // then
        Assert.Equal(601, summary.Count);
        Assert.Equal(5, summary.First.Count);
        Assert.Equal(596, summary.More);
        Assert.Equal(new BanGroup("10.0.0.0/24", 256), summary.Networks[0]);
        Assert.Contains(new BanGroup("10.0.2.0/24", 88), summary.Networks);
        Assert.Contains(new BanGroup("2001:db8:0:1::/64", 1), summary.Networks);
        Assert.Equal([new BanGroup("portScanning", 500), new BanGroup("authFailure", 101)], summary.Reasons);
        Assert.Equal(3, lines.Count);
        Assert.StartsWith("601 addresses, first 5: 10.0.0.0, 10.0.0.1", lines[0], StringComparison.Ordinal);
        Assert.Contains("and 596 more; --json lists all", lines[0], StringComparison.Ordinal);
        Assert.Equal("by network: 10.0.0.0/24 ×256, 10.0.1.0/24 ×256, 10.0.2.0/24 ×88, 2001:db8:0:1::/64 ×1", lines[1]);
        Assert.Equal("by reason: portScanning ×500, authFailure ×101", lines[2]);
        Assert.All(lines, l => Assert.True(l.Length < 200, l));
    }

    [Fact]
    public void A_short_list_is_named_in_full_without_groups()
    {
        // when
        var lines = BanListSummary.Of(["203.0.113.7", "198.51.100.0/24"]).Lines().ToList();

        // then
        Assert.Equal(["2 address(es): 203.0.113.7, 198.51.100.0/24"], lines);
    }

    [Fact]
    public void Lists_without_reasons_are_not_grouped_by_a_missing_reason_and_many_groups_end_in_an_other_line()
    {
        // given 0.15-style entries (no reasons) spread over eight /24s
        var addresses = Enumerable.Range(0, 80).Select(i => $"192.0.{i % 8}.{i}").ToList();

        // when
        BanListSummary summary = BanListSummary.Of(addresses, addresses.Select(_ => (string?)null).ToList());
        var lines = summary.Lines().ToList();

        // then
        Assert.Empty(summary.Reasons);
        Assert.Equal(2, lines.Count);
        Assert.EndsWith(", 30 in 3 other group(s)", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0/24")]
    [InlineData("198.51.100.0/22", "198.51.100.0/22")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("not-an-ip", "not-an-ip")]
    public void Networks_are_v4_slash_24_v6_slash_64_and_a_range_stays_itself(string address, string network) =>
        Assert.Equal(network, BanListSummary.NetworkOf(address));

    [Fact]
    public void Inline_names_few_addresses_in_full_and_many_by_count()
    {
        Assert.Equal("a, b", BanListSummary.Inline(["a", "b"]));
        string many = BanListSummary.Inline(Storm(601));
        Assert.StartsWith("601 addresses: 10.0.0.0, ", many, StringComparison.Ordinal);
        Assert.EndsWith("and 593 more (--json lists all)", many, StringComparison.Ordinal);
    }
}
