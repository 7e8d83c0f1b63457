using Tailwart.Core.BringUp;
using Tailwart.Core.Docker;

namespace Tailwart.Core.Diagnosis;

/// <summary>
/// Everything one diagnosis saw, each piece null when it could not be (or need not be) looked at.
/// The findings are a pure function of it (<see cref="StackFindings"/>), so every rule is tested
/// without Docker.
/// </summary>
public sealed record StackEvidence(StackSnapshot Stack, DiagnosisOptions Options, DateTimeOffset Now)
{
    /// <summary>One route check from the sidecar's netns (null: the sidecar is not running).</summary>
    public RouteCheck? Route { get; init; }

    /// <summary>The sidecar's tailnet address and MagicDNS answer (null: not looked at).</summary>
    public TailnetState? Tailnet { get; init; }

    /// <summary>The interfaces in Stalwart's netns, e.g. <c>["lo", "eth0"]</c> (null: not readable from here).</summary>
    public IReadOnlyList<string>? StalwartInterfaces { get; init; }

    /// <summary>Stalwart's log lines since its current (or last) start (null: not read).</summary>
    public IReadOnlyList<string>? StalwartLog { get; init; }

    /// <summary>Stalwart's sessions in pg_stat_activity (null: the count failed, see <see cref="SessionsError"/>).</summary>
    public int? Sessions { get; init; }

    public string? SessionsError { get; init; }

    /// <summary>The authenticated management-API read Stalwart serves from its store (null: no API configured or not run).</summary>
    public StoreRead? Store { get; init; }
}
