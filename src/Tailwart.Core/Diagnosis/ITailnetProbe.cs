namespace Tailwart.Core.Diagnosis;

/// <summary>Looks at the sidecar's tailnet from inside its netns.</summary>
public interface ITailnetProbe
{
    Task<TailnetState> ProbeAsync(CancellationToken ct = default);
}
