using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.Config;
using Tailwart.Core.Guards;
using Tailwart.Core.KeyTest;
using Tailwart.Core.Secrets;
using Tailwart.Lab.Http;

namespace Tailwart.IntegrationTests.KeyTest;

/// <summary>Each answer of the Spaceship stand-in (external.md §1) maps to its explanation (lesson 2).</summary>
public sealed class SpaceshipKeyTestTests : IAsyncLifetime
{
    private const string Domain = "stalwart-lab.example";
    private const string Key = "canary-key-3b7d0e";
    private const string SecretValue = "canary-secret-9a51f4";
    private readonly string _dir = Directory.CreateTempSubdirectory("tailwart-keytest-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private SpaceshipStandin _spaceship = null!;

    public async Task InitializeAsync()
    {
        var options = new SpaceshipOptions
        {
            Credentials =
            [
                SpaceshipCredential.ReadWrite(Key, SecretValue),
                new SpaceshipCredential("canary-noscope-1111", "canary-noscope-secret", new HashSet<string>(StringComparer.Ordinal) { "domains:read" }),
            ],
            Zones = { [Domain] = [new JsonObject { ["type"] = "TXT", ["name"] = "_acme-challenge", ["value"] = "x", ["ttl"] = 120 }] },
        };
        _spaceship = await SpaceshipStandin.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        await _spaceship.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private SpaceshipKeyTester Tester(string domain = Domain) =>
        new(new SpaceshipSettings { BaseUrl = new Uri(_spaceship.BaseUrl + "/v1"), ApiKey = SecretReference.Parse("env:K"), ApiSecret = SecretReference.Parse("env:S") },
            domain, new BudgetGuard(new ActionLedger(Path.Combine(_dir, "ledger.json"), _time), SpaceshipKeyTester.Interval));

    private static string Everything(KeyTestResult r) => $"{r.Verdict} {r.Explanation} {r.ErrorCode}";

    [Fact]
    public async Task A_good_key_is_reported_good_in_one_request()
    {
        var r = await Tester().TestAsync(new Secret(Key), new Secret(SecretValue));

        Assert.True(r.KeyWorks);
        Assert.Equal(200, r.Status);
        Assert.Equal(1, _spaceship.RequestCount);
        Assert.Contains("take=5", _spaceship.Requests.Single().Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_secret_is_401_explained_with_the_ip_restriction_and_the_blank_field_gotcha()
    {
        var r = await Tester().TestAsync(new Secret(Key), new Secret("canary-wrong-secret-77"));

        Assert.False(r.KeyWorks);
        Assert.Equal(401, r.Status);
        Assert.Contains("WAN IP", r.Explanation, StringComparison.Ordinal);
        Assert.Contains("blank", r.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("canary-wrong-secret-77", Everything(r), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_without_dns_scope_is_403()
    {
        var r = await Tester().TestAsync(new Secret("canary-noscope-1111"), new Secret("canary-noscope-secret"));

        Assert.Equal(403, r.Status);
        Assert.Contains("dnsrecords", r.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_domain_outside_the_account_is_404()
    {
        var r = await Tester("other.example").TestAsync(new Secret(Key), new Secret(SecretValue));

        Assert.Equal(404, r.Status);
        Assert.Contains("other.example", r.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429, "rate limited")]
    [InlineData(500, "registrar error")]
    public async Task Forced_errors_are_explained(int status, string verdict)
    {
        _spaceship.ForcedStatus = status;

        var r = await Tester().TestAsync(new Secret(Key), new Secret(SecretValue));

        Assert.Equal(status, r.Status);
        Assert.Equal(verdict, r.Verdict);
        if (status == 429)
            Assert.NotNull(r.RetryAfter);
    }

    [Fact]
    public async Task A_second_test_within_ten_seconds_is_refused_without_a_request()
    {
        var tester = Tester();
        await tester.TestAsync(new Secret(Key), new Secret(SecretValue));

        await Assert.ThrowsAsync<GuardRefusedException>(() => tester.TestAsync(new Secret(Key), new Secret(SecretValue)));
        _time.Advance(SpaceshipKeyTester.Interval);
        await tester.TestAsync(new Secret(Key), new Secret(SecretValue));

        Assert.Equal(2, _spaceship.RequestCount);
    }

    [Fact]
    public async Task A_server_that_is_gone_is_no_answer_not_a_crash()
    {
        var tester = Tester();
        await _spaceship.DisposeAsync();

        var r = await tester.TestAsync(new Secret(Key), new Secret(SecretValue));

        Assert.Null(r.Status);
        Assert.Equal("no answer", r.Verdict);
        _spaceship = await SpaceshipStandin.StartAsync(new SpaceshipOptions());
    }
}
