namespace Tailwart.Core.Config;

/// <summary>An optional DNS server override (ip or ip:port); null uses the system resolver.</summary>
public sealed record DnsSettings
{
    public string? Resolver { get; init; }
}
