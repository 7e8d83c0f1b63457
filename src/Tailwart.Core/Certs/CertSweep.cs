using System.Security.Cryptography.X509Certificates;
using Tailwart.Core.Config;
using Tailwart.Core.Guards;
using Tailwart.Core.Net;
using Tailwart.Core.Probes;
using Tailwart.Core.Tls;

namespace Tailwart.Core.Certs;

/// <summary>
/// Inspects what every configured hostname is served on every TLS port, over one path (through
/// the edge, or inside the sidecar's netns). The handshakes run concurrently, bounded, each with
/// its own timeout; each speaks its port's protocol properly (STARTTLS where needed, then QUIT or
/// LOGOUT). A whole sweep is one guarded action: at most one per probe interval per path, so
/// refreshing the Certs pane cannot rapid-poll the mail ports (lesson 3). Extra trust anchors
/// (a private CA) make chains they sign count as trusted.
/// </summary>
/// <remarks>
/// Why 36 at once and 8 per port: a handshake mostly waits (round trips, the server's greeting after
/// TLS), so a sweep is as fast as its slowest handshake only when nearly all of them wait together.
/// With 12 at once the 6×6 lab sweep ran in three waves, each holding implicit-TLS ports whose
/// greeting comes ~40 ms after the handshake: three sweeps each in one process, 12 vs 36 at once,
/// edge 109–120 ms vs 83–108 ms, netns (setns) 155–185 ms vs 115–132 ms. The per-port bound keeps a
/// config with many hostnames from opening dozens of sessions on one listener at once; both stay far
/// below Stalwart's listener limit (8192 connections) and the edge's.
/// </remarks>
internal sealed class CertSweep(TailwartConfig config, BudgetGuard guard, X509Certificate2Collection? trustAnchors = null)
{
    private const int Parallelism = 36;
    private const int PerPort = 8;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// One sweep over <paramref name="connector"/>, or <see cref="GuardRefusedException"/> at once.
    /// The sweep takes the ledger key of every port it touches, the same keys `tailwart probe` and
    /// the admin-port check use, so a sweep followed at once by `probe 25` is refused (and the other way round).
    /// </summary>
    public Task<IReadOnlyList<CertObservation>> RunAsync(IConnector connector, CancellationToken ct = default) => RunAsync(connector, null, ct);

    /// <param name="listenerPorts">The ports Stalwart has listeners on (read through its API); null sweeps every TLS port tailwart knows.</param>
    public Task<IReadOnlyList<CertObservation>> RunAsync(IConnector connector, IReadOnlySet<int>? listenerPorts, CancellationToken ct = default) =>
        guard.RunAsync(KeysOf(connector.PathName, listenerPorts), $"certificate sweep ({connector.PathName})", token => SweepAsync(connector, Ports(listenerPorts), token), ct);

    /// <summary>The probe-ledger keys a sweep over <paramref name="path"/> takes: one per port it touches.</summary>
    public IReadOnlyList<string> KeysOf(string path, IReadOnlySet<int>? listenerPorts = null) =>
        [.. Ports(listenerPorts).Select(p => ProbeService.TargetOf(config, path, p.Port)).Select(t => ProbeService.KeyOf(path, t.Host, t.Port)).Distinct(StringComparer.Ordinal)];

    private static IReadOnlyList<(int Port, ProbeProtocol Protocol)> Ports(IReadOnlySet<int>? listenerPorts) =>
        listenerPorts is null ? CertPorts.All : [.. CertPorts.All.Where(p => listenerPorts.Contains(p.Port))];

    private async Task<IReadOnlyList<CertObservation>> SweepAsync(IConnector connector, IReadOnlyList<(int Port, ProbeProtocol Protocol)> ports, CancellationToken ct)
    {
        var work = config.Mail.Hostnames.All().SelectMany(host => ports.Select(p => (host, p.Port, p.Protocol))).ToList();
        using var slots = new SemaphoreSlim(Parallelism);
        var portSlots = CertPorts.All.ToDictionary(p => p.Port, _ => new SemaphoreSlim(PerPort));
        var tasks = work.Select(async item =>
        {
            SemaphoreSlim port = portSlots[item.Port];
            await port.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await slots.WaitAsync(ct).ConfigureAwait(false);
            }
            catch
            {
                port.Release();
                throw;
            }
            try
            {
                var names = new ProbeNames(item.host, item.host, config.Mail.Hostnames.Mail);
                string target = ProbeService.TargetOf(config, connector.PathName, item.Port).Host;
                ProbeResult r = await PortProber.ProbeAsync(connector, target, item.Port, item.Protocol, names, Timeout, ct).ConfigureAwait(false);
                string? problem = r.Certificate is null ? r.Summary : null;
                ServedCertificate? served = r.Certificate is { } c && trustAnchors is { Count: > 0 } ? ChainTrust.Rejudge(c, trustAnchors) : r.Certificate;
                return new CertObservation(connector.PathName, item.host, item.Port, item.Protocol, served, problem) { Banner = r.Banner };
            }
            finally
            {
                slots.Release();
                port.Release();
            }
        });
        try
        {
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        finally
        {
            foreach (SemaphoreSlim s in portSlots.Values)
                s.Dispose();
        }
    }
}
