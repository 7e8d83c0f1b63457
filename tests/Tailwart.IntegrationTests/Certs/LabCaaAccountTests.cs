using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Tailwart.Core.Checks;
using Tailwart.Core.Dns;
using Tailwart.Core.Secrets;
using Tailwart.Core.Stalwart;
using Tailwart.IntegrationTests.Bans;
using Tailwart.IntegrationTests.BringUp;
using Tailwart.IntegrationTests.Doctor;
using Tailwart.IntegrationTests.Lab;
using Tailwart.IntegrationTests.Standins;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Certs;

/// <summary>
/// The lab zone's CAA pins <c>accounturi=…/acme/acct/123456</c> (letsencrypt.org, dns-01). Stalwart's
/// account URI, read through its API (0.16 x:AcmeProvider.accountUri), is compared with it through
/// the lab's real DNS server: another account is a finding with the record to publish; the same one
/// is not; on 0.15, which never exposes the URI, the pin is reported as not verifiable.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class LabCaaAccountTests(LabFixture fixture) : IAsyncLifetime
{
    private const string PinnedAccount = "https://acme-staging-v02.api.letsencrypt.org/acme/acct/123456";
    private readonly LabEnvironment _lab = fixture.Lab;

    public Task InitializeAsync() => ForgetRegistryObjectsAsync();

    public async Task DisposeAsync()
    {
        File.Delete(ControlFile);
        await ForgetRegistryObjectsAsync();
        await _lab.FaultAsync("api-0.15", on: true);
        await _lab.ResetStackAsync();
    }

    private string ControlFile => Path.Combine(_lab.StateDirectory, "standin", "control", "acme-account-uri");

    [Fact]
    public async Task A_016_account_other_than_the_pinned_one_is_flagged_with_the_record_to_publish()
    {
        // given Stalwart 0.16 registered an account the CAA record does not pin
        await LabStack.UpWithApiAsync(_lab, "0.16");
        await CreateProviderAsync();

        // when
        var (acme, findings) = await CheckAsync();

        // then
        Assert.NotNull(acme.AccountUri);
        Assert.NotEqual(PinnedAccount, acme.AccountUri);
        var f = Assert.Single(findings, f => f.Id == "dns.caa-issue-other-account");
        Assert.Equal(Severity.Failure, f.Severity);
        Assert.Contains(PinnedAccount, f.Evidence, StringComparison.Ordinal);
        Assert.Contains("accounturi=" + acme.AccountUri, f.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_016_account_that_matches_the_pin_is_not_flagged()
    {
        // given the (pretend) CA hands Stalwart exactly the pinned account
        Directory.CreateDirectory(Path.GetDirectoryName(ControlFile)!);
        await File.WriteAllTextAsync(ControlFile, PinnedAccount);
        await LabStack.UpWithApiAsync(_lab, "0.16");
        await CreateProviderAsync();

        var (acme, findings) = await CheckAsync();

        Assert.Equal(PinnedAccount, acme.AccountUri);
        Assert.DoesNotContain(findings, f => f.Id.StartsWith("dns.caa-issue", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_015_the_pin_is_reported_as_not_verifiable_because_the_uri_is_not_exposed()
    {
        await LabStack.UpWithApiAsync(_lab, "0.15");

        var (acme, findings) = await CheckAsync();

        Assert.Null(acme.AccountUri);
        var f = Assert.Single(findings, f => f.Id == "dns.caa-issue-account-unverified");
        Assert.Contains("never its account URI", f.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain(findings, f => f.Id == "dns.caa-issue-other-account");
    }

    [Fact]
    public async Task Doctor_reports_the_016_account_mismatch_from_its_certs_check_not_as_unverified()
    {
        // given Stalwart 0.16 registered an account the CAA record does not pin
        await LabStack.UpWithApiAsync(_lab, "0.16");
        await CreateProviderAsync();
        string anchors = Path.GetTempFileName(); // no trust anchors: this test is about the CAA verdict, not the chains

        // when: the dns check (no ACME settings) and the certs check (which reads them)
        DoctorRun run;
        try
        {
            run = await DoctorRun.RunAsync(_lab, anchors, ["--only", "dns", "certs"]);
        }
        finally
        {
            File.Delete(anchors);
        }

        // then: the mismatch once, from the certs check, and no "cannot verify" beside it
        var byCheck = run.Report["checks"]!.AsArray().ToDictionary(c => c!["id"]!.GetValue<string>(), c => c!["findings"]!.AsArray().Select(f => f!["id"]!.GetValue<string>()).ToList());
        Assert.Contains("dns.caa-issue-other-account", byCheck["certs"]);
        Assert.DoesNotContain(byCheck["dns"], id => DnsChecks.NeedsStalwartAccount(id));
        Assert.Single(run.Findings, f => f["id"]!.GetValue<string>() == "dns.caa-issue-other-account");
        Assert.DoesNotContain(run.Findings, f => f["id"]!.GetValue<string>().EndsWith("-account-unverified", StringComparison.Ordinal));
    }

    private async Task CreateProviderAsync()
    {
        var body = new JsonObject
        {
            ["using"] = new JsonArray("urn:ietf:params:jmap:core", "urn:stalwart:jmap"),
            ["methodCalls"] = new JsonArray(new JsonArray("x:AcmeProvider/set", new JsonObject { ["create"] = new JsonObject { ["p"] = new JsonObject
            {
                ["directory"] = "https://acme-staging-v02.api.letsencrypt.org/directory", ["challengeType"] = "Dns01", ["contact"] = new JsonObject { ["postmaster@" + _lab.Config.MailDomain] = true },
            } } }, "c")),
        };
        var reply = await WireClient.HttpAsync(IPAddress.Loopback, _lab.Config.StalwartAdminUrl.Port, "POST", "/jmap", "admin:" + AdminPassword(), body.ToJsonString());
        Assert.Equal(200, reply?.Status);
        Assert.Contains("\"created\":{\"p\"", reply!.Body, StringComparison.Ordinal);
    }

    private async Task<(AcmeSettings Acme, IReadOnlyList<Finding> Findings)> CheckAsync()
    {
        using var stack = LabStack.Create(_lab);
        var config = stack.Config;
        var credential = new StalwartCredential(config.Stalwart.AdminUser, new Secret(AdminPassword()), "$.stalwart.adminPassword", config.Stalwart.AdminPassword);
        using var client = new StalwartClient([new StalwartAccessPath(StalwartAccessPath.AdminUrlName, config.Stalwart.AdminUrl, StandinBans.Direct())], credential);
        AcmeSettings acme = await client.AcmeSettingsAsync();
        var findings = await new DnsChecks(config, new HostResolver(config.Dns.Resolver, TimeSpan.FromSeconds(3)).Client).RunAsync(acme);
        return (acme, findings);
    }

    /// <summary>
    /// The stand-in keeps 0.16 registry objects (providers with their account URIs) in PostgreSQL,
    /// which outlives the stack: without this, a provider made by an earlier test answers first.
    /// </summary>
    private async Task ForgetRegistryObjectsAsync()
    {
        await using var conn = new NpgsqlConnection(_lab.PostgresConnectionString());
        await conn.OpenAsync();
        await using var delete = new NpgsqlCommand("DELETE FROM settings WHERE starts_with(key, 'registry.')", conn);
        try
        {
            await delete.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState == "42P01")
        {
            // the stand-in has not created its tables yet: nothing to forget
        }
    }

    private string AdminPassword() => File.ReadAllText(Path.Combine(_lab.StateDirectory, "secrets", "admin-password")).Trim();
}
