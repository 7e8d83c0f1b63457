using Tailwart.Core.Acme;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Dns;
using Tailwart.Core.Guards;
using Tailwart.Core.Logs;
using Tailwart.Core.Net;
using Tailwart.Core.Stalwart;

namespace Tailwart.Core.Certs;

/// <summary>
/// The whole certificate check, shared by `tailwart certs` and the Certs pane: a guarded sweep
/// per path, the per-port judgement, the DNS/CAA checks, and the Let's Encrypt budget from
/// Cert Spotter plus Stalwart's own ACME events. Stalwart's ACME settings, read through its API,
/// feed the CAA accounturi comparison and the wildcard-versus-challenge rule (lesson 4).
/// </summary>
internal sealed class CertsCheck(TailwartConfig config, CertSweep sweep, DnsChecks dns, CertspotterClient? certspotter, TimeProvider time,
    Func<CancellationToken, Task<AcmeSettings>>? acmeSettings = null, Func<CancellationToken, Task<IReadOnlyList<StalwartListener>>>? listeners = null,
    Func<CancellationToken, Task<IReadOnlyList<AcmeRenewalTask>?>>? acmeTasks = null)
{
    public async Task<CertsOutcome> RunAsync(IEnumerable<IConnector> paths, Func<CancellationToken, Task<IReadOnlyList<LogLine>>> stalwartLog, CancellationToken ct = default)
    {
        var observations = new List<CertObservation>();
        var findings = new List<Finding>();
        bool refused = false;
        IReadOnlySet<int>? ports = await ListenerPortsAsync(findings, ct).ConfigureAwait(false);
        foreach (IConnector path in paths)
        {
            try
            {
                observations.AddRange(await sweep.RunAsync(path, ports, ct).ConfigureAwait(false));
            }
            catch (GuardRefusedException e)
            {
                refused = true;
                findings.Add(new("certs.skipped-budget", Severity.Info, $"Certificate sweep over {path.PathName} skipped: budget", e.Message, 3,
                    "Wait for the next allowed time; sweeps share the probe budget so the mail ports are never rapid-polled."));
            }
        }
        findings.AddRange(CertJudge.Judge(observations, time.GetUtcNow()));
        AcmeSettings? acme = await ReadAcmeAsync(findings, ct).ConfigureAwait(false);
        if (acme is not null)
            findings.AddRange(AcmeConfigJudge.Judge(acme));
        findings.AddRange(await ReadAcmeTasksAsync(ct).ConfigureAwait(false));
        findings.AddRange(await dns.RunAsync(acme, ct).ConfigureAwait(false));

        BudgetAssessment? budget = null;
        IssuanceHistory? history = null;
        if (certspotter is not null)
        {
            history = await certspotter.GetAsync(config.Mail.Domain, ct).ConfigureAwait(false);
            budget = LetsEncryptBudget.Assess(history.Issuances, await stalwartLog(ct).ConfigureAwait(false), time.GetUtcNow());
            findings.AddRange(budget.Findings);
            if (history.Problem is string problem)
                findings.Add(new("acme.certspotter-unavailable", Severity.Warning, "Issuance history incomplete", problem, 7,
                    "The duplicate count may be low; check again later (tailwart caches Cert Spotter for an hour)."));
        }
        return new CertsOutcome(observations, findings, budget, history, refused) { Acme = acme };
    }

    /// <summary>
    /// The ports Stalwart listens on, read through its API, so the sweep never reports a failure for a
    /// listener Stalwart does not have (0.16's defaults have no 587 and no 143: v0.16.18
    /// crates/common/src/manager/defaults.rs). Null, with a finding naming the ports assumed, when it cannot be read.
    /// </summary>
    public static readonly TimeSpan ListenerReadTimeout = ListenerReading.ReadTimeout;

    private async Task<IReadOnlySet<int>?> ListenerPortsAsync(List<Finding> findings, CancellationToken ct)
    {
        if (listeners is null)
            return null;
        ListenerReading reading = await ListenerReading.ReadAsync(listeners, time, ct).ConfigureAwait(false);
        if (reading.Ports is { } ports)
        {
            var skipped = CertPorts.All.Select(p => p.Port).Where(p => !ports.Contains(p)).ToList();
            if (skipped.Count > 0)
                findings.Add(new("certs.listeners", Severity.Info, $"Ports Stalwart has no listener on are not swept: {string.Join(", ", skipped)}",
                    "Stalwart's listeners: " + reading.Describe(), null,
                    "Nothing to do, unless clients expect one of those ports: then add the listener in Stalwart."));
            return ports;
        }
        string assumed = string.Join(", ", CertPorts.All.Select(p => p.Port));
        findings.Add(new("certs.listeners-assumed", Severity.Info, $"Stalwart's listeners could not be read; swept the assumed ports {assumed}", reading.Unreadable!, null,
            "A failure on a port Stalwart has no listener on is not a fault; check stalwart.adminUrl and the credential so tailwart can read the listeners."));
        return null;
    }

    /// <summary>
    /// 0.16's renewal failures from the task queue (0.16.18 logs none above DEBUG; see <see cref="AcmeTaskJudge"/>).
    /// Bounded like the listener read; an unreadable queue is an Info finding, never silence.
    /// </summary>
    private async Task<IReadOnlyList<Finding>> ReadAcmeTasksAsync(CancellationToken ct)
    {
        if (acmeTasks is null)
            return [];
        string why;
        try
        {
            IReadOnlyList<AcmeRenewalTask>? tasks = await acmeTasks(ct).WaitAsync(ListenerReading.ReadTimeout, time, ct).ConfigureAwait(false);
            return tasks is null ? [] : AcmeTaskJudge.Judge(tasks);
        }
        catch (Exception e) when (e is StalwartApiException or Core.UserFacingException)
        {
            why = e.Message;
        }
        catch (TimeoutException)
        {
            why = $"the API did not answer within {ListenerReading.ReadTimeout.TotalSeconds:0} s";
        }
        return [new("acme.tasks-unreadable", Severity.Info, "Stalwart's ACME renewal tasks could not be read", why, 2,
            "On 0.16 a failing renewal shows only in the task state (it is logged at DEBUG); check stalwart.adminUrl and the credential.")];
    }

    private async Task<AcmeSettings?> ReadAcmeAsync(List<Finding> findings, CancellationToken ct)
    {
        if (acmeSettings is null)
            return null;
        try
        {
            return await acmeSettings(ct).ConfigureAwait(false);
        }
        catch (StalwartApiException e)
        {
            findings.Add(new("acme.settings-unreadable", Severity.Warning, "Stalwart's ACME settings could not be read", e.Message, null,
                "Without them the CAA accounturi and the wildcard/challenge rules cannot be checked; see tailwart bans for the API's state."));
            return null;
        }
        catch (Core.UserFacingException e)
        {
            findings.Add(new("acme.settings-unreadable", Severity.Warning, "Stalwart's ACME settings could not be read", e.Message, null,
                "Check stalwart.adminPassword in tailwart.json: the credential is needed to read them."));
            return null;
        }
    }
}
