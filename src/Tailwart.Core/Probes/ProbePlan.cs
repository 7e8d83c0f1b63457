using Tailwart.Core.Stalwart;

namespace Tailwart.Core.Probes;

/// <summary>
/// Which ports a probe run covers when the user names none: the ports of Stalwart's own listeners that
/// tailwart can speak (<see cref="ProbePorts.Default"/>), or, when the listeners cannot be read, the
/// whole assumed list with a note naming it. Listener ports tailwart has no probe for (POP3 995,
/// ManageSieve 4190, any other) are named as not probed, never reported as failures.
/// </summary>
public sealed record ProbePlan(IReadOnlyList<int> Ports, IReadOnlyList<int> NotProbed, string? Assumed, string? Listeners)
{
    public static ProbePlan From(ListenerReading reading)
    {
        if (reading.Ports is not { } ports)
            return new([.. ProbePorts.Default.Keys], [], $"Stalwart's listeners could not be read ({reading.Unreadable}); probing the assumed ports {string.Join(", ", ProbePorts.Default.Keys)}: a failure on a port Stalwart has no listener on is not a fault", null);
        return new([.. ProbePorts.Default.Keys.Where(ports.Contains)], [.. ports.Where(p => !ProbePorts.Default.ContainsKey(p)).Order()], null, reading.Describe());
    }

    /// <summary>The one line a run shows about its port set.</summary>
    public string Note => Assumed is not null ? Assumed
        : $"ports from Stalwart's listeners: {Listeners}" + (NotProbed.Count > 0 ? $"; not probed (tailwart has no probe for them): {string.Join(", ", NotProbed)}" : "");
}
