using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tailwart.Core.Stalwart;

namespace Tailwart.Tests.Stalwart;

public sealed class DkimKeysTests
{
    [Fact]
    public void The_015_signatures_are_read_by_algorithm_key_and_only_the_public_half_is_kept()
    {
        using var rsa = RSA.Create(2048);
        string pem = rsa.ExportRSAPrivateKeyPem();
        var items = StalwartCorpus.Text("v015/settings-signature.json").Replace("__RSA_PEM__", JsonEncodedText.Encode(pem).ToString(), StringComparison.Ordinal);
        var pairs = ((JsonObject)JsonNode.Parse(items)!["data"]!["items"]!).Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value!.GetValue<string>()));

        var keys = DkimKeys015.Parse(pairs);

        Assert.Equal(["ed-example.com", "rsa-example.com"], keys.Select(k => k.Id));
        var r = keys.Single(k => k.Id == "rsa-example.com");
        Assert.Equal(("example.com", "202612r", "rsa", "Active"), (r.Domain, r.Selector, r.Algorithm, r.Stage));
        Assert.Equal(Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()), r.PublicKey);
        Assert.Equal("202612r._domainkey.example.com", r.RecordName);
        var e = keys.Single(k => k.Id == "ed-example.com");
        Assert.Equal("ed25519", e.Algorithm);
        Assert.Null(e.PublicKey);
        Assert.Contains("Ed25519", e.Unreadable, StringComparison.Ordinal);
        string everything = string.Join("|", keys);
        Assert.DoesNotContain("PRIVATE KEY", everything, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("%{file:/etc/stalwart/dkim.pem}%", "macro")]
    [InlineData("not a key", "not an RSA PEM")]
    public void A_015_private_key_tailwart_cannot_read_says_why_without_quoting_it(string value, string expected)
    {
        var keys = DkimKeys015.Parse([new("k.algorithm", "rsa-sha256"), new("k.domain", "example.com"), new("k.selector", "s"), new("k.private-key", value)]);

        var k = Assert.Single(keys);
        Assert.Null(k.PublicKey);
        Assert.Contains(expected, k.Unreadable, StringComparison.Ordinal);
        Assert.DoesNotContain(value, k.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_016_keys_take_stalwarts_computed_public_key_and_the_domain_name()
    {
        var list = (JsonArray)StalwartCorpus.Json("v016/dkimsignature-get.json")["list"]!;
        var domains = (JsonArray)StalwartCorpus.Json("v016/domain-get-names.json")["list"]!;

        var keys = DkimKeys016.Parse(list.OfType<JsonObject>(), domains.OfType<JsonObject>());

        Assert.Equal(3, keys.Count);
        Assert.Equal(("example.com", "202612r", "rsa", "__RSA_SPKI__", true), (keys[0].Domain, keys[0].Selector, keys[0].Algorithm, keys[0].PublicKey, keys[0].Signs));
        Assert.Equal("ed25519", keys[1].Algorithm);
        Assert.Null(keys[1].PublicKey);
        Assert.NotNull(keys[1].Unreadable);
        Assert.False(keys[2].Signs);
        Assert.Equal("Retired", keys[2].Stage);
    }

    [Fact]
    public void A_016_key_without_stage_is_active_and_one_on_an_unknown_domain_says_so()
    {
        var keys = DkimKeys016.Parse([new JsonObject { ["id"] = "x", ["@type"] = "Dkim2RsaSha256", ["selector"] = "s", ["domainId"] = "zz", ["publicKey"] = "AAAA" }], []);

        var k = Assert.Single(keys);
        Assert.True(k.Signs);
        Assert.Equal("", k.Domain);
        Assert.Contains("zz", k.Unreadable, StringComparison.Ordinal);
    }
}
