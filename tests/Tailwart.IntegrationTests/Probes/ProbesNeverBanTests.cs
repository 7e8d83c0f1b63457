using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Tailwart.Cli;
using Tailwart.IntegrationTests.Lab;
using Tailwart.Lab;
using Xunit.Abstractions;

namespace Tailwart.IntegrationTests.Probes;

/// <summary>
/// Lesson 3 in the lab: tailwart's probes (every port, through the edge and inside the sidecar,
/// repeated) never trip Stalwart's auto-ban, while one malformed SMTP client through the same edge
/// gets the box's WAN IP banned at once. The stand-in runs with a scan threshold of one malformed
/// input (strict-ban.override.yml), so a single sloppy probe would have banned the box.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class ProbesNeverBanTests(LabFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly LabEnvironment _lab = fixture.Lab;
    private readonly string _dir = Directory.CreateTempSubdirectory("tailwart-probe-ban-").FullName;

    public async Task InitializeAsync()
    {
        (await _lab.ComposeAsync(["up", "-d"], ["strict-ban.override.yml"], TimeSpan.FromMinutes(2))).EnsureSuccess("compose up -d (strict ban)");
        await LabEnvironment.WaitUntilAsync("Stalwart's admin API to answer", async ct =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            try
            {
                return (await http.GetAsync(new Uri(_lab.Config.StalwartAdminUrl, "/healthz/live"), ct)).IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60));
        await LabEnvironment.WaitUntilAsync("the edge to relay SMTP to Stalwart", GreetedThroughEdgeAsync, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        // The ban is in blocked_ips (PostgreSQL outlives the containers): unban, then recreate the stack so the
        // stand-in's in-memory counters and the strict threshold go too.
        await RunAsync("bans", "unban", _lab.Config.WanIp.ToString(), "--yes");
        await _lab.ResetStackAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Tailwarts_probes_never_trigger_the_auto_ban_while_a_malformed_client_does()
    {
        string wan = _lab.Config.WanIp.ToString();

        // given / when: three rounds of every probe on both paths, each round with a fresh ledger (as if the budget had passed)
        for (int round = 0; round < 3; round++)
        {
            var (code, stdout) = await RunAsync("probe", "all", "--via", "all", "--json");
            output.WriteLine(stdout);
            var results = JsonNode.Parse(stdout)!["results"]!.AsArray();

            // then every probe ran (none refused: fresh ledger) and reached Stalwart and was served, because a probe that
            // never arrived could prove nothing. Except edge:443: the lab's edge passes :443 through without a PROXY
            // header while the stand-in demands one from the tailnet, so it drops that connection (no ban either way:
            // there the socket IP is the edge's, not the box's WAN IP).
            Assert.Equal(14, results.Count);
            Assert.All(results.Where(r => !IsEdge443(r!)), r => Assert.Equal("ok", r!["outcome"]!.GetValue<string>()));
            Assert.NotEqual(ExitCodes.RefusedByGuard, code);
        }
        Assert.DoesNotContain(wan, await BannedAsync());
        Assert.DoesNotContain("security.scan-ban", await StalwartLogAsync(), StringComparison.Ordinal);

        // when: a client that says garbage through the same edge (the box's WAN IP is the proxied client) and hangs up
        using (var client = new TcpClient())
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.ConnectAsync(_lab.Topology.EdgeWanIp, 25, deadline.Token);
            var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
            Assert.StartsWith("220", await reader.ReadLineAsync(deadline.Token), StringComparison.Ordinal);
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("HELLO?? \u0001\u0002\r\n"), deadline.Token);
            Assert.StartsWith("500", await reader.ReadLineAsync(deadline.Token), StringComparison.Ordinal);
        }

        // then the WAN IP is banned (the rule is live), and tailwart's next probe through the edge says so
        await LabEnvironment.WaitUntilAsync("the ban to be listed", async _ => (await BannedAsync()).Contains(wan), TimeSpan.FromSeconds(10));
        Assert.Contains("security.scan-ban", await StalwartLogAsync(), StringComparison.Ordinal);
        var (afterCode, after) = await RunAsync("probe", "25", "--json");
        Assert.Equal("banned", JsonNode.Parse(after)!["results"]![0]!["outcome"]!.GetValue<string>());
        Assert.Equal(ExitCodes.Failure, afterCode);
    }

    private static bool IsEdge443(JsonNode result) =>
        result["path"]!.GetValue<string>() == "edge" && result["port"]!.GetValue<int>() == 443;

    /// <summary>The addresses on Stalwart's ban list, read through its management API by `tailwart bans --json`.</summary>
    private async Task<IReadOnlyList<string>> BannedAsync()
    {
        var (_, stdout) = await RunAsync("bans", "--json");
        return [.. JsonNode.Parse(stdout)!["bans"]!.AsArray().Select(b => b!["address"]!.GetValue<string>())];
    }

    private async Task<string> StalwartLogAsync()
    {
        string id = await _lab.ContainerIdAsync(_lab.Config.StalwartService) ?? throw new InvalidOperationException("no Stalwart container");
        var logs = await LabEnvironment.RunAsync("docker", ["logs", id], null, TimeSpan.FromSeconds(30));
        return logs.StandardOutput + logs.StandardError;
    }

    /// <summary>A polite SMTP exchange through the edge (greeting, QUIT), so waiting for readiness is not malformed itself.</summary>
    private async Task<bool> GreetedThroughEdgeAsync(CancellationToken ct)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(_lab.Topology.EdgeWanIp, 25, ct);
            var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
            using var read = CancellationTokenSource.CreateLinkedTokenSource(ct);
            read.CancelAfter(TimeSpan.FromSeconds(3));
            if (await reader.ReadLineAsync(read.Token) is not { } greeting || !greeting.StartsWith("220", StringComparison.Ordinal))
                return false;
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("QUIT\r\n"), read.Token);
            return (await reader.ReadLineAsync(read.Token))?.StartsWith("221", StringComparison.Ordinal) == true;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>tailwart in-process on the lab's config, with its own state directory per call (a fresh probe ledger).</summary>
    private async Task<(int Code, string Out)> RunAsync(params string[] args)
    {
        string state = Directory.CreateTempSubdirectory("state-").FullName;
        try
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var env = new CliEnvironment(stdout, stderr, new Dictionary<string, string> { ["XDG_STATE_HOME"] = state, ["HOME"] = _dir }, _dir, IsTerminal: false);
            int code = await TailwartCli.RunAsync(["--config", _lab.ConfigPath, .. args], env);
            output.WriteLine($"tailwart {string.Join(' ', args)} → {code} {stderr}");
            return (code, stdout.ToString());
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
