using System.Net;
using Tailwart.Core.Bans;
using Tailwart.Core.Net;
using Tailwart.Core.Stalwart;

namespace Tailwart.Tests.Bans;

public sealed class AllowListAuditTests
{
    private static readonly BoxAddresses Box = new(IPAddress.Parse("198.51.100.20"), Cidr.Tailnet, []);

    private static IpList Allowed(params string[] addresses) =>
        new(addresses.Select(a => new IpListEntry(a, a)).ToList(), ApiGeneration.Jmap016, "admin-url");

    [Fact]
    public void An_empty_allow_list_misses_the_tailnet_and_the_wan_ip()
    {
        // given / when
        AllowListAuditResult result = AllowListAudit.Audit(Allowed(), Box);

        // then
        Assert.Equal(["100.64.0.0/10", "198.51.100.20"], result.Missing);
        Assert.Equal("bans.allow-list-incomplete", Assert.Single(result.Findings).Id);
    }

    [Fact]
    public void Wider_networks_cover_what_is_required_but_a_narrower_tailnet_entry_does_not()
    {
        // given / when
        AllowListAuditResult wide = AllowListAudit.Audit(Allowed("100.0.0.0/8", "198.51.100.0/24"), Box);
        AllowListAuditResult narrow = AllowListAudit.Audit(Allowed("100.64.0.0/16", "198.51.100.20"), Box);

        // then
        Assert.True(wide.IsComplete);
        Assert.Empty(wide.Findings);
        Assert.Equal(["100.64.0.0/10"], narrow.Missing);
    }
}
