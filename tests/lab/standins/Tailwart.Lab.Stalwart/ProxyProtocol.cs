using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;

namespace Tailwart.Lab.Stalwart;

/// <summary>
/// PROXY protocol v1 (text) and v2 (binary) header reader (stalwart.md §3). Only called for peers in
/// the trusted networks, where the header is mandatory; anything else is a <see cref="FormatException"/>
/// (the caller logs <c>network.proxy-error</c> and drops the connection). Reads exactly the header bytes.
/// </summary>
internal static class ProxyProtocol
{
    private static readonly byte[] V2Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];
    private const int MaxV1Length = 107;
    private const int MaxV2Payload = 4096;

    /// <summary>Returns the proxied source endpoint, or null for LOCAL/UNKNOWN (use the socket address).</summary>
    public static async Task<IPEndPoint?> ReadAsync(Stream stream, CancellationToken ct)
    {
        var first = new byte[12];
        await stream.ReadExactlyAsync(first.AsMemory(0, 6), ct);
        if (Encoding.ASCII.GetString(first, 0, 6) == "PROXY ") return await ReadV1Async(stream, ct);
        await stream.ReadExactlyAsync(first.AsMemory(6, 6), ct);
        if (!first.AsSpan().SequenceEqual(V2Signature)) throw new FormatException("Invalid proxy header signature");
        return await ReadV2Async(stream, ct);
    }

    private static async Task<IPEndPoint?> ReadV1Async(Stream stream, CancellationToken ct)
    {
        var line = new StringBuilder("PROXY ");
        var one = new byte[1];
        while (true)
        {
            await stream.ReadExactlyAsync(one, ct);
            if (one[0] == '\n') break;
            line.Append((char)one[0]);
            if (line.Length > MaxV1Length) throw new FormatException("PROXY v1 header too long");
        }
        var text = line.ToString().TrimEnd('\r');
        var parts = text.Split(' ');
        if (parts.Length >= 2 && parts[1] == "UNKNOWN") return null;
        if (parts.Length != 6 || (parts[1] != "TCP4" && parts[1] != "TCP6"))
            throw new FormatException("Invalid PROXY v1 header");
        if (!IPAddress.TryParse(parts[2], out var src) || !IPAddress.TryParse(parts[3], out _)
            || !ushort.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var srcPort)
            || !ushort.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            throw new FormatException("Invalid PROXY v1 addresses");
        return new IPEndPoint(IpNetwork.Fold(src), srcPort);
    }

    private static async Task<IPEndPoint?> ReadV2Async(Stream stream, CancellationToken ct)
    {
        var rest = new byte[4];
        await stream.ReadExactlyAsync(rest, ct);
        var versionCommand = rest[0];
        var family = rest[1];
        var length = BinaryPrimitives.ReadUInt16BigEndian(rest.AsSpan(2));
        if (versionCommand >> 4 != 2) throw new FormatException("Unsupported PROXY v2 version");
        if (length > MaxV2Payload) throw new FormatException("PROXY v2 header too long");
        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload, ct);
        var command = versionCommand & 0x0F;
        if (command == 0x0) return null; // LOCAL
        if (command != 0x1) throw new FormatException("Unsupported PROXY v2 command");
        return family switch
        {
            0x11 when length >= 12 => new IPEndPoint(new IPAddress(payload.AsSpan(0, 4)), BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(8))),
            0x21 when length >= 36 => new IPEndPoint(IpNetwork.Fold(new IPAddress(payload.AsSpan(0, 16))), BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(32))),
            0x00 => null,
            _ => throw new FormatException("Unsupported PROXY v2 address family"),
        };
    }

    /// <summary>Builds a v2 PROXY header (TCP over IPv4/IPv6) — used by tests and handy for humans.</summary>
    public static byte[] BuildV2(IPEndPoint source, IPEndPoint destination)
    {
        var v4 = source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
        var addrLen = v4 ? 12 : 36;
        var buf = new byte[16 + addrLen];
        V2Signature.CopyTo(buf, 0);
        buf[12] = 0x21;
        buf[13] = v4 ? (byte)0x11 : (byte)0x21;
        BinaryPrimitives.WriteUInt16BigEndian(buf.AsSpan(14), (ushort)addrLen);
        var s = source.Address.GetAddressBytes();
        var d = destination.Address.GetAddressBytes();
        s.CopyTo(buf, 16);
        d.CopyTo(buf, 16 + s.Length);
        BinaryPrimitives.WriteUInt16BigEndian(buf.AsSpan(16 + 2 * s.Length), (ushort)source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(buf.AsSpan(18 + 2 * s.Length), (ushort)destination.Port);
        return buf;
    }
}
