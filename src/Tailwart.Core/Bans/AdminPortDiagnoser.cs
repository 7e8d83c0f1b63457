using Tailwart.Core.Checks;
using Tailwart.Core.Net;
using Tailwart.Core.Probes;

namespace Tailwart.Core.Bans;

/// <summary>
/// Tests the admin port from this box with one GET of <c>/healthz/live</c> (the admin listener is
/// not a mail port, and one request is all it takes): "accepts, then closes" is Stalwart dropping
/// a banned socket IP right after accept (stalwart.md §2), which is lesson 3's 8080 mystery.
/// </summary>
internal static class AdminPortDiagnoser
{
    public static async Task<AdminPortDiagnosis> DiagnoseAsync(IConnector connector, Uri adminUrl, TimeSpan timeout, CancellationToken ct = default)
    {
        string target = $"{adminUrl.Host}:{adminUrl.Port}";
        var names = new ProbeNames(adminUrl.Host, adminUrl.Host, "tailwart");
        ProbeResult r = await PortProber.ProbeAsync(connector, adminUrl.Host, adminUrl.Port, ProbeProtocol.AdminHttp, names, timeout, ct).ConfigureAwait(false);
        if (r.Banned)
        {
            // A trusted proxy peer without a PROXY header is dropped right after accept too (CONTRACT.md B3):
            // ask once more behind a PROXY v2 LOCAL header, which keeps the box's own address for the ban check.
            ProbeResult behind = await PortProber.ProbeAsync(new ProxyLocalConnector(connector), adminUrl.Host, adminUrl.Port, ProbeProtocol.AdminHttp, names, timeout, ct).ConfigureAwait(false);
            if (!behind.Banned && behind.Reachable && behind.Banner is not null)
            {
                return new AdminPortDiagnosis(AdminPortVerdict.Answers, target, behind.Path, behind.Summary, new Finding(
                    "bans.admin-port-needs-proxy-header",
                    Severity.Info,
                    $"The admin port {target} answers this box only behind a PROXY header",
                    $"one GET /healthz/live over {r.Path}: {r.Summary}; the same behind a PROXY v2 LOCAL header: {behind.Summary}. " +
                    "This box's address is in Stalwart's proxy trusted networks, which cover the admin listener unless it overrides them, " +
                    "and a trusted peer must send the header (v0.16.18 crates/common/src/network/listen.rs; v0.15.5 crates/common/src/listener/listen.rs). Not a ban.",
                    null,
                    "Nothing to do: tailwart sends the header on its own admin calls. Other tools on this box need it too (curl --haproxy-protocol), or give the admin listener its own trusted networks (0.16 overrideProxyTrustedNetworks; 0.15 server.listener.<id>.proxy.trusted-networks)."));
            }

            return new AdminPortDiagnosis(AdminPortVerdict.AcceptsThenCloses, target, r.Path, r.Summary, new Finding(
                "bans.admin-port-drops-box",
                Severity.Warning,
                $"The admin port {target} accepts, then closes: this box's IP is banned",
                $"one GET /healthz/live over {r.Path}: {r.Summary}. {LessonThree.Explanation}",
                LessonThree.Lesson,
                "Read and unban over the netns loopback path (loopback is never banned): tailwart bans; tailwart bans unban ADDRESS; then tailwart bans allow-fix."));
        }
        if (!r.Reachable || r.Banner is null)
        {
            return new AdminPortDiagnosis(AdminPortVerdict.Unreachable, target, r.Path, r.Summary, new Finding(
                "bans.admin-port-unreachable", Severity.Warning, $"The admin port {target} did not answer", $"over {r.Path}: {r.Summary}", null,
                "Check that Stalwart runs and stalwart.adminUrl is right; a hung listener (accepts, never answers) needs a Stalwart restart."));
        }
        return new AdminPortDiagnosis(AdminPortVerdict.Answers, target, r.Path, r.Summary, null);
    }
}
