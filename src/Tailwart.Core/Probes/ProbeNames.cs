namespace Tailwart.Core.Probes;

/// <summary>The names a probe presents: SNI for mail and MTA-STS, and the EHLO name.</summary>
public sealed record ProbeNames(string Mail, string MtaSts, string Helo);
