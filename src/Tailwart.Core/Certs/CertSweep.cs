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
public sealed class CertSweep(TailwartConfig config, BudgetGuard guard, X509Certificate2Collection? trustAnchors = null)
{
    private const int Parallelism = 12;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public Task<IReadOnlyList<CertObservation>> RunAsync(IConnector connector, CancellationToken ct = default) =>
        guard.RunAsync($"certs:{connector.PathName}", $"certificate sweep ({connector.PathName})", token => SweepAsync(connector, token), ct);

    private async Task<IReadOnlyList<CertObservation>> SweepAsync(IConnector connector, CancellationToken ct)
    {
        string target = connector.PathName == "edge" ? config.Edge.PublicHostname : "127.0.0.1";
        var work = config.Mail.Hostnames.All().SelectMany(host => CertPorts.All.Select(p => (host, p.Port, p.Protocol))).ToList();
        using var slots = new SemaphoreSlim(Parallelism);
        var tasks = work.Select(async item =>
        {
            await slots.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var names = new ProbeNames(item.host, item.host, config.Mail.Hostnames.Mail);
                ProbeResult r = await PortProber.ProbeAsync(connector, target, item.Port, item.Protocol, names, Timeout, ct).ConfigureAwait(false);
                string? problem = r.Certificate is null ? r.Summary : null;
                ServedCertificate? served = r.Certificate is { } c && trustAnchors is { Count: > 0 } ? ChainTrust.Rejudge(c, trustAnchors) : r.Certificate;
                return new CertObservation(connector.PathName, item.host, item.Port, item.Protocol, served, problem);
            }
            finally
            {
                slots.Release();
            }
        });
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }
}
