using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.Bans;
using Tailwart.Core.Certs;
using Tailwart.Core.Config;
using Tailwart.Core.Guards;
using Tailwart.Core.Net;
using Tailwart.Core.Probes;
using Tailwart.Core.State;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Guards;

/// <summary>
/// One budget per target and port: the probe, the certificate sweep and the admin-port check
/// take the same ledger keys, so no mix of them touches a port twice inside one interval.
/// </summary>
public sealed class SharedProbeBudgetTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly TailwartConfig _config = new ConfigLoader(() => []).Load(RepoPaths.File("tailwart.json")).Config!;

    public void Dispose() => _dir.Dispose();

    /// <summary>The guard as every tailwart process builds it: over the one persisted probe ledger.</summary>
    private BudgetGuard Guard() => new(ActionLedger.InState(new StatePaths(_dir.Path), ProbeService.LedgerFile, _time), ProbeService.IntervalFor(_config));

    private ProbeService Probes(CountingConnector connector) =>
        new(_config, Guard(), new Dictionary<string, IConnector>(StringComparer.Ordinal) { [connector.PathName] = connector });

    [Fact]
    public async Task A_sweep_then_probe_25_at_once_is_refused_and_port_25_is_not_touched_again()
    {
        // given a sweep over the edge has just run
        var connector = new CountingConnector("edge");
        await new CertSweep(_config, Guard()).RunAsync(connector);
        int afterSweep = connector.Connects(25);
        Assert.True(afterSweep > 0, "the sweep should have touched port 25");

        // when probe 25 follows at once (another process: its own guard over the same ledger)
        var refused = await Assert.ThrowsAsync<GuardRefusedException>(() => Probes(connector).ProbeAsync("edge", 25));

        // then
        Assert.Equal(afterSweep, connector.Connects(25));
        Assert.Contains($"probe of {_config.Edge.PublicHostname}:25 (edge)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(_time.GetUtcNow() + ProbeService.IntervalFor(_config), refused.NextAllowedAt);
    }

    [Fact]
    public async Task Probe_25_then_a_sweep_at_once_is_refused_before_any_port_is_touched()
    {
        // given
        var connector = new CountingConnector("edge");
        await Probes(connector).ProbeAsync("edge", 25);

        // when
        var refused = await Assert.ThrowsAsync<GuardRefusedException>(() => new CertSweep(_config, Guard()).RunAsync(connector));

        // then: all or nothing, the sweep touched no port at all
        Assert.Equal(1, connector.Total);
        Assert.Contains("certificate sweep (edge)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sweep_is_allowed_again_after_one_interval()
    {
        var connector = new CountingConnector("edge");
        await Probes(connector).ProbeAsync("edge", 25);

        _time.Advance(ProbeService.IntervalFor(_config));

        IReadOnlyList<CertObservation> seen = await new CertSweep(_config, Guard()).RunAsync(connector);
        Assert.Equal(_config.Mail.Hostnames.All().Count() * CertPorts.All.Count, seen.Count);
    }

    [Fact]
    public async Task The_admin_port_check_and_probe_8080_share_one_slot()
    {
        // given
        var connector = new CountingConnector("edge");
        AdminPortDiagnosis? first = await new AdminPortCheck(Guard(), connector, _config.Stalwart.AdminUrl).RunAsync();
        Assert.NotNull(first);

        // when
        await Assert.ThrowsAsync<GuardRefusedException>(() => Probes(connector).ProbeAsync("edge", 8080));

        // then
        Assert.Equal(1, connector.Connects(_config.Stalwart.AdminUrl.Port));
    }

    [Fact]
    public void Sweep_keys_are_the_probe_keys_of_every_port_it_touches()
    {
        var sweep = new CertSweep(_config, Guard());

        IReadOnlyList<string> keys = sweep.KeysOf("netns");

        Assert.Equal(CertPorts.All.Select(p => ProbeService.KeyOf("netns", "127.0.0.1", p.Port)), keys);
    }

    /// <summary>A connector that refuses every connection (nothing listens) and counts the attempts per port.</summary>
    private sealed class CountingConnector(string path) : IConnector
    {
        private readonly List<int> _ports = [];

        public string PathName { get; } = path;

        public int Total { get { lock (_ports) return _ports.Count; } }

        public int Connects(int port) { lock (_ports) return _ports.Count(p => p == port); }

        public Task<Stream> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken ct)
        {
            lock (_ports)
                _ports.Add(port);
            throw new IOException($"connection to {host}:{port} refused (test)");
        }
    }

    [Fact]
    public async Task A_sweep_given_stalwarts_listeners_touches_no_port_stalwart_has_no_listener_on()
    {
        // given Stalwart 0.16's default listeners (no 587, no 143: v0.16.18 manager/defaults.rs)
        var connector = new CountingConnector("edge");
        var ports = new HashSet<int> { 25, 465, 993, 995, 4190, 443, 8080 };

        // when
        IReadOnlyList<CertObservation> seen = await new CertSweep(_config, Guard()).RunAsync(connector, ports);

        // then
        Assert.Equal(0, connector.Connects(587));
        Assert.Equal(0, connector.Connects(143));
        Assert.True(connector.Connects(25) > 0);
        Assert.DoesNotContain(seen, o => o.Port is 587 or 143);
    }
}
