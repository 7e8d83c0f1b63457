using System.Globalization;
using System.Net;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Lab;

/// <summary>
/// Captures what the edge relays to Stalwart: a one-shot `nc -l` inside the sidecar's netns
/// (Stalwart's listener addresses) writes the bytes it received to a file we read back.
/// Used with the stand-in stopped, so the ports are free.
/// </summary>
internal static class EdgeCapture
{
    public static readonly byte[] ProxyV2Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>Starts a listener on <paramref name="port"/> in the sidecar netns.</summary>
    public static async Task ListenAsync(LabEnvironment lab, int port, CancellationToken ct = default)
    {
        var id = await lab.ContainerIdAsync(lab.Config.SidecarService, ct) ?? throw new InvalidOperationException("no sidecar");
        await LabEnvironment.RunAsync("docker", ["exec", id, "sh", "-c", $"rm -f /tmp/cap{port}; pkill -f 'nc -l -p {port}' 2>/dev/null; true"], null, TimeSpan.FromSeconds(10), ct);
        (await LabEnvironment.RunAsync("docker", ["exec", "-d", id, "sh", "-c", $"nc -l -p {port} >/tmp/cap{port}"], null, TimeSpan.FromSeconds(10), ct))
            .EnsureSuccess("start capture listener");
        await Task.Delay(150, ct);
    }

    /// <summary>The bytes captured on <paramref name="port"/> so far.</summary>
    public static async Task<byte[]> ReadAsync(LabEnvironment lab, int port, CancellationToken ct = default)
    {
        var r = await lab.ExecAsync(lab.Config.SidecarService, ["sh", "-c", $"[ -f /tmp/cap{port} ] && od -An -tx1 -v /tmp/cap{port}"], ct: ct);
        return r.StandardOutput.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Select(h => byte.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>A parsed PROXY v2 header for TCP over IPv4 (the only kind the edge sends here).</summary>
    public sealed record ProxyV2Header(int Command, int Family, IPEndPoint Source, IPEndPoint Destination);

    public static ProxyV2Header? ParseProxyV2(byte[] b)
    {
        if (b.Length < 28 || !b.AsSpan(0, 12).SequenceEqual(ProxyV2Signature))
        {
            return null;
        }

        var src = new IPAddress(b.AsSpan(16, 4));
        var dst = new IPAddress(b.AsSpan(20, 4));
        return new ProxyV2Header(b[12], b[13],
            new IPEndPoint(src, (b[24] << 8) | b[25]),
            new IPEndPoint(dst, (b[26] << 8) | b[27]));
    }
}
