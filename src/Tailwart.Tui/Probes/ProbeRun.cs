using Tailwart.Core.Guards;
using Tailwart.Core.Probes;

namespace Tailwart.Tui.Probes;

/// <summary>
/// One probe run as the Probes tab shows it: each path in its own block (through the edge as the
/// world sees it, inside the sidecar), one line per port with reachability, latency, banner and the
/// TLS fingerprint, "BANNED" when Stalwart accepted and closed at once, and the guard's refusal with
/// the time the next probe is allowed. Ports run one after another; nothing is retried.
/// </summary>
public static class ProbeRun
{
    /// <summary>Probes <paramref name="ports"/>; null = the ports of Stalwart's own listeners (<see cref="ProbePlan"/>), with a line saying where they came from.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(TuiBackend backend, IReadOnlyList<string> paths, IReadOnlyList<int>? ports, CancellationToken ct)
    {
        var probe = backend.Probe ?? throw new InvalidOperationException("probes are not available in this build");
        var lines = new List<string>();
        if (ports is null)
        {
            // Never probe a listener Stalwart does not have (0.16 has no 587 and no 143); say when the list was assumed.
            ProbePlan plan = backend.ProbePlan is { } read ? await read(ct).ConfigureAwait(false)
                : Core.Probes.ProbePlan.From(new Core.Stalwart.ListenerReading(null, "this build cannot read them"));
            ports = plan.Ports;
            lines.Add((plan.Assumed is null ? "" : "! ") + plan.Note);
        }
        if (paths.Contains("edge") && backend.EdgeProbeWarnings is { } warnings)
            lines.AddRange((await warnings(ct).ConfigureAwait(false)).Select(w => "! " + w));
        foreach (string path in paths)
        {
            lines.Add(path == "edge" ? "through the edge (the public hostname, as the world sees it; mail ports via PROXY)" : $"inside the sidecar's netns ({path}: Stalwart's own listeners)");
            foreach (int port in ports)
            {
                try
                {
                    lines.AddRange(Render(await probe(path, port, ct).ConfigureAwait(false)));
                }
                catch (GuardRefusedException refused)
                {
                    lines.Add($"  {port,-5} refused: budget, next at {refused.NextAllowedAt.ToUniversalTime():HH:mm:ss}Z ({refused.Why})");
                }
            }
            lines.Add("");
        }
        return lines;
    }

    private static IEnumerable<string> Render(ProbeResult r)
    {
        string outcome = r.Banned ? "BANNED" : r.Reachable ? "ok" : "unreachable";
        yield return $"  {r.Port,-5} {outcome,-11} {r.Latency.TotalMilliseconds,7:0.0} ms  {r.Host}  {r.Summary}";
        if (r.Banned)
            yield return "        accepted, then closed before a greeting: Stalwart's answer to a banned client IP (lesson 3; see the Bans tab)";
        if (r.Certificate is { } c)
            yield return $"        tls {c.Subject} · sha256 {c.Sha256Fingerprint[..Math.Min(16, c.Sha256Fingerprint.Length)]}…{(c.IsStalwartFallback ? " · Stalwart's self-signed fallback" : "")}";
    }
}
