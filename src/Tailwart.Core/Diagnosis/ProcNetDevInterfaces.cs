using Tailwart.Core.Docker;

namespace Tailwart.Core.Diagnosis;

/// <summary>
/// Reads <c>/proc/PID/net/dev</c> of the container's main process: that file lists the interfaces
/// of the process's own netns, so a Stalwart left in a dead sidecar netns shows only <c>lo</c>. It
/// needs dockerd's pid namespace (tailwart on the Docker host); anywhere else it answers null and
/// the diagnosis falls back to the start times.
/// </summary>
internal sealed class ProcNetDevInterfaces(string procRoot = "/proc") : INetnsInterfaces
{
    private const int MaxBytes = 64 * 1024;

    public async Task<IReadOnlyList<string>?> InterfacesAsync(ContainerSnapshot container, CancellationToken ct = default)
    {
        if (container.Pid <= 0)
            return null;
        string path = Path.Combine(procRoot, container.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "net", "dev");
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, useAsync: true);
            var buffer = new byte[MaxBytes];
            int total = 0, n;
            while (total < buffer.Length && (n = await file.ReadAsync(buffer.AsMemory(total), ct).ConfigureAwait(false)) > 0)
                total += n;
            return Parse(System.Text.Encoding.ASCII.GetString(buffer, 0, total));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The interface names of a <c>/proc/net/dev</c> text (two header lines, then "name: counters").</summary>
    public static IReadOnlyList<string> Parse(string text) =>
        text.Split('\n').Skip(2)
            .Select(l => l.IndexOf(':', StringComparison.Ordinal) is var i and > 0 ? l[..i].Trim() : "")
            .Where(n => n.Length > 0).ToList();
}
