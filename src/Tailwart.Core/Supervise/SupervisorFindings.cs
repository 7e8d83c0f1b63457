using Tailwart.Core.Checks;
using Tailwart.Core.Diagnosis;
using Tailwart.Core.Docker;

namespace Tailwart.Core.Supervise;

/// <summary>What `status` and the doctor say about the supervisor: whether one runs, since when, its last decision.</summary>
public static class SupervisorFindings
{
    public const string Id = "stack.supervisor";

    public static IReadOnlyList<Finding> From(SupervisorStatus status, ContainerSnapshot? stalwart)
    {
        string last = status.Last is { } d ? $"last decision {d.At.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z: {d.Line}" : "no decision recorded";
        if (status.Running)
            return [new(Id, Severity.Info, $"A supervisor runs (pid {status.State!.Pid}) since {status.State.Since.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z", last, 1,
                "Nothing to do: it repairs through the gate when Stalwart dies or the sidecar restarts (`journalctl -u tailwart-supervise`, audit.log).")];
        // restart "no" without a supervisor: nothing brings Stalwart back after a crash or a boot
        if (stalwart is { RestartPolicy: "no" })
            return [new(FindingIds.SupervisorNotRunning, Severity.Warning, "Stalwart's restart policy is \"no\" and no supervisor runs",
                $"{status.Summary}", 1,
                "Start the supervisor (systemctl enable --now tailwart-supervise; the unit is in src/Tailwart/dist/): without it nothing restarts Stalwart after a crash or a boot.")];
        return [new(Id, Severity.Info, "No supervisor runs", status.Summary, 1,
            "Run `tailwart supervise` under systemd (src/Tailwart/dist/tailwart-supervise.service) so a boot, a crash or a sidecar restart is repaired through the gate with nobody logged in.")];
    }
}
