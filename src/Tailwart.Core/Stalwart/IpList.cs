namespace Tailwart.Core.Stalwart;

/// <summary>A whole list read from Stalwart, with the generation and the access path that answered.</summary>
/// <param name="Truncated">True when the list is not complete: longer than <see cref="StalwartClientOptions.MaxEntries"/>, or the server stopped paging early.</param>
/// <param name="Total">How many entries Stalwart said the list holds (0.15 <c>data.total</c>, 0.16 <c>total</c> with <c>calculateTotal</c>); null when it did not say.</param>
public sealed record IpList(IReadOnlyList<IpListEntry> Entries, ApiGeneration Generation, string Path, bool Truncated = false, long? Total = null)
{
    /// <summary>How many entries a truncated list left out, when the server gave its total; null when unknown or complete.</summary>
    public long? Omitted => Truncated && Total is long t && t > Entries.Count ? t - Entries.Count : null;

    public IpListEntry? Find(string address) =>
        Entries.FirstOrDefault(e => string.Equals(Normalise(e.Address), Normalise(address), StringComparison.OrdinalIgnoreCase));

    /// <summary>Compares addresses as Stalwart would: 2001:DB8::1 equals 2001:db8::1, a /32 equals the bare IP.</summary>
    public static string Normalise(string address)
    {
        if (!Net.Cidr.TryParse(address, out Net.Cidr? cidr))
            return address.Trim();
        int max = cidr.Network.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        return cidr.PrefixLength == max ? cidr.Network.ToString() : cidr.ToString();
    }
}
