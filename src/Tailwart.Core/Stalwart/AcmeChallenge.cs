namespace Tailwart.Core.Stalwart;

/// <summary>
/// The ACME challenge a Stalwart provider answers with (0.15 <c>acme.&lt;id&gt;.challenge</c>,
/// 0.16 <c>x:AcmeProvider.challengeType</c>). Only the DNS ones can prove a wildcard (lesson 4).
/// </summary>
public enum AcmeChallenge
{
    Unknown,
    TlsAlpn01,
    Http01,
    Dns01,
    DnsPersist01,
}
