using System.Net;
using System.Text.Json.Nodes;
using Tailwart.Lab.Http;

namespace Tailwart.IntegrationTests.Standins;

public sealed class CertSpotterStandinTests : IAsyncLifetime
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private CertSpotterStandin _standin = null!;

    public async Task InitializeAsync()
    {
        var t0 = DateTimeOffset.UtcNow.AddDays(-30);
        var options = new CertSpotterOptions
        {
            PageSize = 2,
            HourlyLimit = 50,
            HourlyLimitIncludeSubdomains = 4,
            Issuances =
            [
                CertSpotterIssuance.LetsEncrypt("101", t0, "*.lab.example", "lab.example"),
                CertSpotterIssuance.LetsEncrypt("102", t0.AddDays(1), "mail.lab.example"),
                CertSpotterIssuance.LetsEncrypt("103", t0.AddDays(2), "other.example"),
                CertSpotterIssuance.LetsEncrypt("104", t0.AddDays(3), "*.lab.example", "lab.example"),
                CertSpotterIssuance.LetsEncrypt("105", t0.AddDays(4), "mta-sts.lab.example"),
            ],
        };
        _standin = await CertSpotterStandin.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _standin.DisposeAsync();
    }

    private async Task<JsonArray> GetAsync(string query)
    {
        using var response = await _http.GetAsync(new Uri(_standin.BaseUrl, "v1/issuances?" + query));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    [Fact]
    public async Task Paging_with_after_walks_every_matching_issuance_in_discovery_order_then_returns_an_empty_array()
    {
        // given five issuances, four under lab.example, pages of two
        var seen = new List<string>();
        string? after = null;

        // when pages are followed by the id of the last element
        for (var page = 0; page < 10; page++)
        {
            var items = await GetAsync("domain=lab.example&include_subdomains=true" + (after is null ? "" : "&after=" + after));
            if (items.Count == 0) break;
            seen.AddRange(items.Select(i => (string)i!["id"]!));
            after = (string?)items[^1]!["id"];
        }

        // then
        Assert.Equal(["101", "102", "104", "105"], seen);
        Assert.Equal(3, _standin.RequestCount);
    }

    [Fact]
    public async Task Expand_adds_dns_names_and_issuer_only_when_asked()
    {
        // given / when
        var plain = await GetAsync("domain=lab.example");
        var expanded = await GetAsync("domain=lab.example&expand=dns_names&expand=issuer&expand=issuer.caa_domains");

        // then
        Assert.Null(plain[0]!["dns_names"]);
        Assert.Null(plain[0]!["issuer"]);
        Assert.Matches("^[0-9a-f]{64}$", (string)plain[0]!["tbs_sha256"]!);
        Assert.Equal(["*.lab.example", "lab.example"], expanded[0]!["dns_names"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("R11", (string?)expanded[0]!["issuer"]!["friendly_name"]);
        Assert.Equal("letsencrypt.org", (string?)expanded[0]!["issuer"]!["caa_domains"]![0]);
        Assert.Null(expanded[0]!["issuer"]!["operator"]);
    }

    [Fact]
    public async Task The_include_subdomains_budget_runs_out_first_with_429_and_retry_after()
    {
        // given a budget of 4 include_subdomains queries per hour
        for (var i = 0; i < 4; i++) await GetAsync("domain=lab.example&include_subdomains=true");

        // when the fifth comes
        using var response = await _http.GetAsync(new Uri(_standin.BaseUrl, "v1/issuances?domain=lab.example&include_subdomains=true"));

        // then it is refused while plain queries still work
        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("rate_limited", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]);
        Assert.NotEmpty(await GetAsync("domain=lab.example"));
    }
}
