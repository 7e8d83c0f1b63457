using Tailwart.Core.Dns;

namespace Tailwart.Tests.Dns;

public sealed class CaaEntryTests
{
    [Fact]
    public void Rfc8657_parameters_are_parsed()
    {
        var caa = CaaEntry.Parse("example.com", 0, "issue", "letsencrypt.org; accounturi=https://acme-v02.api.letsencrypt.org/acme/acct/123; validationmethods=dns-01,http-01");

        Assert.Equal("letsencrypt.org", caa.Issuer);
        Assert.Equal("https://acme-v02.api.letsencrypt.org/acme/acct/123", caa.AccountUri);
        Assert.Equal(["dns-01", "http-01"], caa.ValidationMethods);
    }

    [Fact]
    public void A_bare_issuer_has_no_parameters()
    {
        var caa = CaaEntry.Parse("example.com", 128, "ISSUEWILD", "LetsEncrypt.org");

        Assert.Equal("issuewild", caa.Tag);
        Assert.Equal("letsencrypt.org", caa.Issuer);
        Assert.Null(caa.AccountUri);
        Assert.Null(caa.ValidationMethods);
    }
}
