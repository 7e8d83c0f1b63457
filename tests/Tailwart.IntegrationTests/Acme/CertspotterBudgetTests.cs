using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.Acme;
using Tailwart.Core.Config;
using Tailwart.Lab.Http;

namespace Tailwart.IntegrationTests.Acme;

/// <summary>The Let's Encrypt budget computed from the certspotter stand-in's history (lesson 7).</summary>
public sealed class CertspotterBudgetTests : IAsyncLifetime
{
    private const string Domain = "stalwart-lab.example";
    private readonly string _dir = Directory.CreateTempSubdirectory("tailwart-certspotter-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private CertSpotterStandin _certspotter = null!;

    public async Task InitializeAsync()
    {
        DateTimeOffset now = _time.GetUtcNow();
        var options = new CertSpotterOptions { PageSize = 2 };
        int id = 1;
        foreach (double daysAgo in new[] { 40, 6, 5, 3, 1.5, 0.2 })
            options.Issuances.Add(CertSpotterIssuance.LetsEncrypt($"{id++}", now.AddDays(-daysAgo), "*.stalwart-lab.example", "stalwart-lab.example"));
        options.Issuances.Add(CertSpotterIssuance.LetsEncrypt($"{id}", now.AddDays(-2), "mail.stalwart-lab.example"));
        _certspotter = await CertSpotterStandin.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        await _certspotter.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private CertspotterClient Client() =>
        new(new CertspotterSettings { BaseUrl = new Uri(_certspotter.BaseUrl, "v1") }, Path.Combine(_dir, "cache.json"), _time);

    [Fact]
    public async Task Paging_collects_every_issuance_with_its_names()
    {
        var history = await Client().GetAsync(Domain);

        Assert.Null(history.Problem);
        Assert.Equal(7, history.Issuances.Count);
        Assert.Contains(history.Issuances, i => i.DnsNames.Contains("*.stalwart-lab.example"));
        Assert.True(_certspotter.RequestCount >= 4, "pages of two until an empty page");
    }

    [Fact]
    public async Task Five_wildcard_duplicates_this_week_make_retrying_unsafe_until_the_oldest_ages_out()
    {
        var history = await Client().GetAsync(Domain);

        var budget = LetsEncryptBudget.Assess(history.Issuances, [], _time.GetUtcNow());

        Assert.False(budget.SafeNow);
        Assert.Equal(5, budget.DuplicatesLast7Days);
        Assert.Equal("*.stalwart-lab.example,stalwart-lab.example", budget.IdentifierSet);
        Assert.Equal(history.Issuances.Single(i => i.Id == "2").NotBefore + LetsEncryptBudget.DuplicateWindow, budget.SafeFrom);
    }

    [Fact]
    public async Task The_answer_is_cached_so_tailwart_never_hammers_certspotter()
    {
        var client = Client();
        await client.GetAsync(Domain);
        int requests = _certspotter.RequestCount;

        var again = await client.GetAsync(Domain);

        Assert.True(again.FromCache);
        Assert.Equal(requests, _certspotter.RequestCount);
    }

    [Fact]
    public async Task A_429_is_honoured_until_its_retry_after()
    {
        _certspotter.ForceRateLimit = true;
        var client = Client();

        var limited = await client.GetAsync(Domain);
        int requests = _certspotter.RequestCount;
        var meanwhile = await client.GetAsync(Domain);

        Assert.NotNull(limited.RetryAfter);
        Assert.Contains("429", limited.Problem, StringComparison.Ordinal);
        Assert.Equal(requests, _certspotter.RequestCount);
        Assert.True(meanwhile.FromCache);
    }
}
