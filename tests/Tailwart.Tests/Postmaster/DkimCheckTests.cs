using DnsClient;
using Tailwart.Core.Checks;
using Tailwart.Core.Postmaster;
using Tailwart.Core.Stalwart;

namespace Tailwart.Tests.Postmaster;

public sealed class DkimCheckTests
{
    private const string Key = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAstalwart";
    private static DkimKey Active(string? publicKey = Key, string stage = "Active") => new("d1", "example.com", "202612r", "rsa", publicKey, stage, publicKey is null ? "not derivable" : null);

    private static async Task<Finding> RunOne(FakeDns dns, DkimKey key) => Assert.Single(await new DkimCheck(dns).RunAsync([key]));

    [Fact]
    public async Task The_published_key_that_is_stalwarts_passes()
    {
        var dns = new FakeDns().Add("202612r._domainkey.example.com", QueryType.TXT, $"v=DKIM1; k=rsa; h=sha256; p={Key[..20]} {Key[20..]}");

        var f = await RunOne(dns, Active());

        Assert.Equal(("postmaster.dkim-ok", Severity.Ok), (f.Id, f.Severity));
    }

    [Fact]
    public async Task A_key_stalwart_signs_with_that_nobody_published_fails_with_the_record_to_publish()
    {
        var f = await RunOne(new FakeDns(), Active());

        Assert.Equal(("postmaster.dkim-unpublished", Severity.Failure), (f.Id, f.Severity));
        Assert.Contains($"202612r._domainkey.example.com TXT \"v=DKIM1; k=rsa; h=sha256; p={Key}\"", f.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_different_published_key_fails_and_an_empty_one_is_revoked()
    {
        var other = new FakeDns().Add("202612r._domainkey.example.com", QueryType.TXT, "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAsomeoneelse");
        var revoked = new FakeDns().Add("202612r._domainkey.example.com", QueryType.TXT, "v=DKIM1; p=");

        var mismatch = await RunOne(other, Active());
        Assert.Equal(("postmaster.dkim-mismatch", Severity.Failure), (mismatch.Id, mismatch.Severity));
        Assert.Equal("postmaster.dkim-revoked", (await RunOne(revoked, Active())).Id);
    }

    [Fact]
    public async Task A_key_whose_public_half_is_unknown_is_reported_as_not_compared()
    {
        var dns = new FakeDns().Add("202612r._domainkey.example.com", QueryType.TXT, "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");

        var f = await RunOne(dns, Active(publicKey: null));

        Assert.Equal(("postmaster.dkim-published", Severity.Info), (f.Id, f.Severity));
        Assert.Contains("not compared: not derivable", f.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retired_selector_still_published_is_named_and_a_pending_one_unpublished_warns()
    {
        var published = new FakeDns().Add("202612r._domainkey.example.com", QueryType.TXT, $"v=DKIM1; p={Key}");

        Assert.Equal("postmaster.dkim-stale", (await RunOne(published, Active(stage: "Retired"))).Id);
        Assert.Equal("postmaster.dkim-retired", (await RunOne(new FakeDns(), Active(stage: "Retired"))).Id);
        var pending = await RunOne(new FakeDns(), Active(stage: "Pending"));
        Assert.Equal(("postmaster.dkim-pending-unpublished", Severity.Warning), (pending.Id, pending.Severity));
    }

    [Fact]
    public async Task No_key_at_all_is_a_warning_that_mail_goes_unsigned()
    {
        var f = Assert.Single(await new DkimCheck(new FakeDns()).RunAsync([]));

        Assert.Equal(("postmaster.dkim-none", Severity.Warning), (f.Id, f.Severity));
    }
}
