namespace Tailwart.Core.Config;

/// <summary>Cert Spotter's issuance API, used instead of crt.sh for the Let's Encrypt budget (lesson 7).</summary>
public sealed record CertspotterSettings
{
    public required Uri BaseUrl { get; init; }
}
