using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tailwart.Lab.Http;

namespace Tailwart.IntegrationTests.Standins;

public sealed class SpaceshipStandinTests : IAsyncLifetime
{
    private SpaceshipStandin _standin = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async Task InitializeAsync()
    {
        var options = new SpaceshipOptions
        {
            Credentials =
            [
                SpaceshipCredential.ReadWrite("good-key", "good-secret"),
                new SpaceshipCredential("read-none", "s", new HashSet<string>()),
            ],
            RateLimit = 3,
            RateLimitWindow = TimeSpan.FromMinutes(5),
        };
        options.Zones["lab.example"] =
        [
            new JsonObject { ["type"] = "A", ["name"] = "mail", ["address"] = "100.64.0.10", ["ttl"] = 300, ["group"] = new JsonObject { ["type"] = "custom" } },
            new JsonObject { ["type"] = "TXT", ["name"] = "_acme-challenge", ["value"] = "token", ["ttl"] = 120, ["group"] = new JsonObject { ["type"] = "custom" } },
            new JsonObject { ["type"] = "MX", ["name"] = "@", ["exchange"] = "mail", ["preference"] = 10, ["ttl"] = 300, ["group"] = new JsonObject { ["type"] = "custom" } },
        ];
        _standin = await SpaceshipStandin.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _standin.DisposeAsync();
    }

    private Task<HttpResponseMessage> ListAsync(string domain, string key, string secret, string query = "take=2&skip=0")
    {
        var req = new HttpRequestMessage(HttpMethod.Get, $"{_standin.BaseUrl}/v1/dns/records/{domain}?{query}");
        req.Headers.Add("X-Api-Key", key);
        req.Headers.Add("X-Api-Secret", secret);
        return _http.SendAsync(req);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string errorCode)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(errorCode, Assert.Single(response.Headers.GetValues("spaceship-error-code")));
        Assert.Matches("^[a-z0-9]{16}$", Assert.Single(response.Headers.GetValues("spaceship-operation-id")));
        Assert.Matches(new Regex("^(business|application|infrastructure)(\\.[a-zA-Z]+)+$"), errorCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False(string.IsNullOrEmpty((string?)body["detail"]));
    }

    [Fact]
    public async Task A_valid_key_lists_a_page_of_records_with_the_global_total()
    {
        // given a zone with three records
        // when the second page of two is asked for
        using var response = await ListAsync("lab.example", "good-key", "good-secret", "take=2&skip=2");

        // then the page holds one item and total counts all three
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(3, (int)body["total"]!);
        var item = Assert.Single(body["items"]!.AsArray())!;
        Assert.Equal("MX", (string?)item["type"]);
        Assert.Equal("mail", (string?)item["exchange"]);
        Assert.Equal("custom", (string?)item["group"]!["type"]);
        Assert.Equal(1, _standin.RequestCount);
    }

    [Fact]
    public async Task A_bad_secret_is_a_401_problem_with_the_spaceship_headers()
    {
        // given / when
        using var response = await ListAsync("lab.example", "good-key", "wrong");

        // then
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "application.unauthorized");
        Assert.Equal(401, _standin.Requests.Single().Status);
    }

    [Fact]
    public async Task A_key_without_the_read_scope_is_a_403_problem()
    {
        using var response = await ListAsync("lab.example", "read-none", "s");
        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "application.forbidden");
    }

    [Fact]
    public async Task An_unknown_zone_is_a_404_problem()
    {
        using var response = await ListAsync("other.example", "good-key", "good-secret");
        await AssertProblemAsync(response, HttpStatusCode.NotFound, "business.notFound");
    }

    [Fact]
    public async Task A_take_outside_1_to_500_is_a_422_problem_naming_the_field()
    {
        // given / when
        using var response = await ListAsync("lab.example", "good-key", "good-secret", "take=501&skip=0");

        // then
        await AssertProblemAsync(response, (HttpStatusCode)422, "application.validation");
        var data = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!.AsArray();
        Assert.Equal("take", (string?)data[0]!["field"]);
        Assert.False(string.IsNullOrEmpty((string?)data[0]!["details"]));
    }

    [Fact]
    public async Task Going_over_the_rate_limit_is_a_429_problem_with_retry_after_and_rate_limit_headers()
    {
        // given a budget of 3 per window
        for (var i = 0; i < 3; i++)
        {
            using var ok = await ListAsync("lab.example", "good-key", "good-secret");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // when the fourth request comes
        using var response = await ListAsync("lab.example", "good-key", "good-secret");

        // then
        await AssertProblemAsync(response, (HttpStatusCode)429, "application.rateLimit");
        Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("3", response.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("0", response.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.True(long.Parse(response.Headers.GetValues("X-RateLimit-Reset").Single(), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(4, _standin.RequestCount);
    }

    [Theory]
    [InlineData(401, "application.unauthorized")]
    [InlineData(403, "application.forbidden")]
    [InlineData(404, "business.notFound")]
    [InlineData(422, "application.validation")]
    [InlineData(429, "application.rateLimit")]
    public async Task A_forced_error_has_the_documented_shape_even_for_a_good_key(int status, string code)
    {
        // given
        _standin.ForcedStatus = status;

        // when
        using var response = await ListAsync("lab.example", "good-key", "good-secret");

        // then
        await AssertProblemAsync(response, (HttpStatusCode)status, code);
        if (status == 429) Assert.True(response.Headers.Contains("Retry-After"));
        if (status == 422) Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data").ValueKind);
    }
}
