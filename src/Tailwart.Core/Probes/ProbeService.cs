using Tailwart.Core.Config;
using Tailwart.Core.Guards;
using Tailwart.Core.Net;

namespace Tailwart.Core.Probes;

/// <summary>
/// The only way to probe a port: every probe passes the budget guard first (one per target and
/// port per interval, never below the 10 s floor, shared by every tailwart process), then speaks
/// the port's protocol once. Edge probes go to the edge's public hostname as the world does
/// (the admin port to the configured admin URL); netns probes go to Stalwart's loopback inside
/// the sidecar.
/// </summary>
internal sealed class ProbeService(TailwartConfig config, BudgetGuard guard, IReadOnlyDictionary<string, IConnector> connectors)
{
    public const string LedgerFile = "probe-ledger.json";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The configured interval, never below <see cref="ProbeSettings.FloorSeconds"/> whatever the config says.</summary>
    public static TimeSpan IntervalFor(TailwartConfig config) =>
        TimeSpan.FromSeconds(Math.Max(config.Probes.IntervalSeconds, ProbeSettings.FloorSeconds));

    public IEnumerable<string> Paths => connectors.Keys;

    public (string Host, int Port) TargetOf(string path, int port) => TargetOf(config, path, port);

    /// <summary>
    /// Where a probe of <paramref name="port"/> over <paramref name="path"/> goes: the one rule the
    /// probe, the certificate sweep and the admin-port check share, so they share ledger keys.
    /// </summary>
    public static (string Host, int Port) TargetOf(TailwartConfig config, string path, int port) => (path, port) switch
    {
        ("edge", 8080) => (config.Stalwart.AdminUrl.Host, config.Stalwart.AdminUrl.Port),
        ("edge", _) => (config.Edge.PublicHostname, port),
        _ => ("127.0.0.1", port),
    };

    /// <summary>The one ledger key of a target and port over a path (one budget per target and port).</summary>
    public static string KeyOf(string path, string host, int port) => $"{path}:{host}:{port}";

    /// <summary>Probes <paramref name="port"/> over <paramref name="path"/> once, or throws <see cref="GuardRefusedException"/> at once.</summary>
    public Task<ProbeResult> ProbeAsync(string path, int port, CancellationToken ct = default)
    {
        if (!connectors.TryGetValue(path, out IConnector? connector))
            throw new UserFacingException($"unknown probe path '{path}'; use one of: {string.Join(", ", connectors.Keys)}.");
        if (!ProbePorts.Default.TryGetValue(port, out ProbeProtocol protocol))
            throw new UserFacingException($"tailwart does not probe port {port}; it probes {string.Join(", ", ProbePorts.Default.Keys)}.");
        var (host, targetPort) = TargetOf(path, port);
        var names = new ProbeNames(config.Mail.Hostnames.Mail, config.Mail.Hostnames.MtaSts ?? "mta-sts." + config.Mail.Domain, config.Mail.Hostnames.Mail);
        return guard.RunAsync(KeyOf(path, host, targetPort), $"probe of {host}:{targetPort} ({path})",
            token => PortProber.ProbeAsync(connector, host, targetPort, protocol, names, Timeout, token), ct);
    }
}
