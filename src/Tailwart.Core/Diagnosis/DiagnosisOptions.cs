namespace Tailwart.Core.Diagnosis;

/// <summary>Which services to look at, and how long each probe of a diagnosis may take.</summary>
public sealed record DiagnosisOptions
{
    public string SidecarService { get; init; } = "ts-stalwart";
    public string StalwartService { get; init; } = "stalwart";
    public string? EdgeService { get; init; }

    /// <summary>The sidecar's MagicDNS name (tailnet.sidecarMagicDnsName); null skips the MagicDNS check.</summary>
    public string? SidecarMagicDnsName { get; init; }

    /// <summary>
    /// Each probe (route, tailnet, store read, logs) runs at once with this bound, so a whole
    /// diagnosis ends within it even when one part hangs (the api-hang fault): under 10 s overall.
    /// </summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>A Stalwart that restarted this often and started less than this long ago is still looping.</summary>
    public TimeSpan LoopWindow { get; init; } = TimeSpan.FromMinutes(2);
}
