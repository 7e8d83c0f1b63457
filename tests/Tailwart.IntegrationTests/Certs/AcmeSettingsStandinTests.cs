using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tailwart.Core.Acme;
using Tailwart.Core.Stalwart;
using Tailwart.IntegrationTests.Bans;
using Tailwart.IntegrationTests.Standins;

namespace Tailwart.IntegrationTests.Certs;

/// <summary>
/// Stalwart's ACME settings read through tailwart's client from the stand-in, in both API
/// generations, and judged: a wildcard with a challenge that cannot issue it is lesson 4; the
/// 0.16 account URI is read, 0.15's is explained as not exposed; secrets never come back.
/// </summary>
public sealed class AcmeSettingsStandinTests(PostgresCluster pg) : IClassFixture<PostgresCluster>
{
    private const string Admin = "admin:" + StandinOptions.AdminPassword;

    [Fact]
    public async Task A_015_wildcard_order_over_tls_alpn_is_explained_and_no_secret_is_read_back()
    {
        // given 0.15 settings as the web admin writes them: a wildcard, the default TLS-ALPN-01 challenge, a provider secret
        // (and a directory: 0.15.5 reads only providers with acme.<id>.directory, tls.rs AcmeProviders::parse)
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db, Generation = "0.15" });
        var values = new[] { new[] { "directory", "https://acme-v02.api.letsencrypt.org/directory" }, new[] { "contact", "postmaster@lab.example" }, new[] { "domains.0000", "*.lab.example" }, new[] { "domains.0001", "lab.example" }, new[] { "secret", "TOKEN-THAT-MUST-NOT-LEAK" } };
        var insert = await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "POST", "/api/settings", Admin,
            JsonSerializer.Serialize(new object[] { new { type = "insert", prefix = "acme.le", values, assert_empty = false } }));
        Assert.Equal(200, insert?.Status);
        // a full reload starts the order, which registers the account and stores its private key (acme.le.account-key)
        await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "GET", "/api/reload", Admin);
        var raw = await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "GET", "/api/settings/list?prefix=acme", Admin);
        Assert.Contains("account-key", raw!.Body, StringComparison.Ordinal);
        using var client = StandinBans.Client(standin.Ports);

        // when
        AcmeSettings settings = await client.AcmeSettingsAsync();
        var findings = AcmeConfigJudge.Judge(settings);

        // then
        var p = Assert.Single(settings.Providers);
        Assert.Equal(AcmeChallenge.TlsAlpn01, p.Challenge);
        Assert.Equal(["*.lab.example", "lab.example"], p.Domains);
        Assert.Null(settings.AccountUri);
        Assert.Contains("never its account URI", settings.AccountUriUnknownBecause, StringComparison.Ordinal);
        var f = Assert.Single(findings, f => f.Id == "acme.wildcard-needs-dns01");
        Assert.Equal(4, f.Lesson);
        string everything = JsonSerializer.Serialize(settings) + string.Join("|", findings);
        Assert.DoesNotContain("TOKEN-THAT-MUST-NOT-LEAK", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(ValueOf(raw.Body, "le.account-key"), everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_016_provider_gives_its_account_uri_and_dns01_without_a_dns_server_is_flagged()
    {
        // given a 0.16 provider with DNS-01 and a domain with empty SANs (so *.domain is ordered) but manual DNS
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db, Generation = "0.16" });
        var created = await JmapAsync(standin, ["x:AcmeProvider/set", new JsonObject { ["create"] = new JsonObject { ["p"] = new JsonObject { ["challengeType"] = "Dns01", ["contact"] = new JsonObject { ["postmaster@lab.example"] = true } } } }, "c"]);
        string providerId = (string)created["methodResponses"]![0]![1]!["created"]!["p"]!["id"]!;
        await JmapAsync(standin, ["x:Domain/set", new JsonObject { ["create"] = new JsonObject { ["d"] = new JsonObject
        {
            ["name"] = "lab.example",
            ["certificateManagement"] = new JsonObject { ["@type"] = "Automatic", ["acmeProviderId"] = providerId, ["subjectAlternativeNames"] = new JsonObject() },
            ["dnsManagement"] = new JsonObject { ["@type"] = "Manual" },
        } } }, "d"]);
        using var client = StandinBans.Client(standin.Ports);

        // when
        AcmeSettings settings = await client.AcmeSettingsAsync();
        var findings = AcmeConfigJudge.Judge(settings);

        // then
        var p = Assert.Single(settings.Providers);
        Assert.Equal(["*.lab.example", "lab.example"], p.Domains);
        Assert.StartsWith("https://acme-v02.api.letsencrypt.org/acme/acct/", p.AccountUri, StringComparison.Ordinal);
        Assert.Equal(p.AccountUri, settings.AccountUri);
        Assert.Contains(findings, f => f.Id == "acme.dns01-no-provider" && f.Evidence.Contains("no automatic DNS management", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.Id == "acme.wildcard-needs-dns01");
    }

    [Fact]
    public async Task A_016_wildcard_label_over_http01_is_explained_as_lesson_4()
    {
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db, Generation = "0.16" });
        var created = await JmapAsync(standin, ["x:AcmeProvider/set", new JsonObject { ["create"] = new JsonObject { ["p"] = new JsonObject { ["challengeType"] = "Http01" } } }, "c"]);
        string providerId = (string)created["methodResponses"]![0]![1]!["created"]!["p"]!["id"]!;
        await JmapAsync(standin, ["x:Domain/set", new JsonObject { ["create"] = new JsonObject { ["d"] = new JsonObject
        {
            ["name"] = "lab.example",
            ["certificateManagement"] = new JsonObject { ["@type"] = "Automatic", ["acmeProviderId"] = providerId, ["subjectAlternativeNames"] = new JsonObject { ["*"] = true } },
        } } }, "d"]);
        using var client = StandinBans.Client(standin.Ports);

        var findings = AcmeConfigJudge.Judge(await client.AcmeSettingsAsync());

        var f = Assert.Single(findings);
        Assert.Equal("acme.wildcard-needs-dns01", f.Id);
        Assert.Contains("http-01", f.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_016_get_answers_the_full_object_with_secrets_masked_as_stalwart_does()
    {
        // given a provider and a DNS server created with their secrets (v0.16.18 structs_impl.rs IntoValue masks both)
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db, Generation = "0.16" });
        await JmapAsync(standin, ["x:AcmeProvider/set", new JsonObject { ["create"] = new JsonObject { ["p"] = new JsonObject { ["challengeType"] = "Dns01" } } }, "c"]);
        await JmapAsync(standin, ["x:DnsServer/set", new JsonObject { ["create"] = new JsonObject { ["s"] = new JsonObject
        {
            ["@type"] = "Spaceship", ["apiKey"] = "AK-lab", ["secret"] = new JsonObject { ["@type"] = "Value", ["secret"] = "SECRET-THAT-MUST-NOT-LEAK" },
        } } }, "s"]);

        // when both are read with no properties (everything Stalwart has)
        var provider = (JsonObject)(await JmapAsync(standin, ["x:AcmeProvider/get", new JsonObject(), "g"]))["methodResponses"]![0]![1]!["list"]![0]!;
        var server = (JsonObject)(await JmapAsync(standin, ["x:DnsServer/get", new JsonObject(), "g"]))["methodResponses"]![0]![1]!["list"]![0]!;

        // then the account key is the mask, every default member is there, and the DNS secret is masked
        Assert.Equal("****", (string?)provider["accountKey"]);
        Assert.Equal("R23", (string?)provider["renewBefore"]);
        Assert.Equal(10, (int?)provider["maxRetries"]);
        Assert.True(provider.ContainsKey("preferredChain") && provider["preferredChain"] is null);
        Assert.Empty(provider["contact"]!.AsObject());
        Assert.StartsWith("https://acme-v02.api.letsencrypt.org/directory (", (string?)provider["description"], StringComparison.Ordinal);
        Assert.Equal("****", (string?)server["secret"]!["secret"]);
        Assert.DoesNotContain("SECRET-THAT-MUST-NOT-LEAK", server.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_016_contact_given_as_a_list_is_refused_as_stalwart_patches_maps_as_sets()
    {
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db, Generation = "0.16" });
        var body = new JsonObject { ["using"] = new JsonArray("urn:ietf:params:jmap:core", "urn:stalwart:jmap"), ["methodCalls"] = new JsonArray(new JsonArray("x:AcmeProvider/set",
            new JsonObject { ["create"] = new JsonObject { ["p"] = new JsonObject { ["contact"] = new JsonObject { ["0"] = "postmaster@lab.example" } } } }, "c")) };

        var reply = await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "POST", "/jmap", Admin, body.ToJsonString());

        var notCreated = JsonNode.Parse(reply!.Body)!["methodResponses"]![0]![1]!["notCreated"]!["p"]!;
        Assert.Equal("Invalid key for object property", (string?)notCreated["description"]);
        Assert.Equal("contact", (string?)notCreated["properties"]![0]);
    }

    private static async Task<JsonObject> JmapAsync(StandinProcess standin, JsonArray call)
    {
        var body = new JsonObject { ["using"] = new JsonArray("urn:ietf:params:jmap:core", "urn:stalwart:jmap"), ["methodCalls"] = new JsonArray(call) };
        var reply = await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "POST", "/jmap", Admin, body.ToJsonString());
        Assert.Equal(200, reply?.Status);
        var root = (JsonObject)JsonNode.Parse(reply!.Body)!;
        Assert.Empty(root["methodResponses"]![0]![1]!["notCreated"]?.AsObject() ?? []);
        return root;
    }

    private static string ValueOf(string listBody, string key) =>
        (string)JsonNode.Parse(listBody)!["data"]!["items"]![key]!;
}
