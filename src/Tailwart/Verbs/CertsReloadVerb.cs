using Tailwart.Core;
using Tailwart.Core.Certs;
using Tailwart.Core.Guards;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// `tailwart certs reload [--yes]`: asks Stalwart to reload its TLS certificates through its API
/// (0.15 GET /api/reload/certificate, 0.16 x:Action ReloadTlsCertificates), after one question,
/// with an audit line, then re-inspects what the ports serve (within the sweep budget).
/// </summary>
public static class CertsReloadVerb
{
    public static async Task<int> RunAsync(VerbContext context, bool yes, CancellationToken ct)
    {
        context.Policy.Demand(GuardedAction.CertificateReload);
        TailwartCore core = context.Core;
        if (Confirmation.Ask(context, "ask Stalwart to reload its TLS certificates, then re-inspect every port", yes) is int declined)
            return declined;
        string path = await core.ReloadCertificatesAsync("from the CLI", ct).ConfigureAwait(false);
        context.Output.Line($"Stalwart reloaded its certificates (over {path}); re-inspecting:");
        CertsOutcome outcome = await core.CertsAsync("all", ct).ConfigureAwait(false);
        foreach (CertObservation o in outcome.Observations.OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Hostname, StringComparer.Ordinal).ThenBy(o => o.Port))
            context.Output.Line($"{o.Path,-5} {o.Hostname}:{o.Port,-4} {(o.Certificate is { } c ? $"{c.Subject} ({c.Sha256Fingerprint[..16]}…)" : o.Problem)}");
        return FindingPrinter.Print(context, outcome.Findings.Where(f => f.Id.StartsWith("certs.", StringComparison.Ordinal)).ToList(), "the certificates look right on every port.");
    }
}
