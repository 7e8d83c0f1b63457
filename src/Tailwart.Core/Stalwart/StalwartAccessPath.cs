using Tailwart.Core.Net;

namespace Tailwart.Core.Stalwart;

/// <summary>
/// One way to reach Stalwart's management API: a base URL and the connector that carries the bytes.
/// The configured admin URL goes through the direct connector; the ban-exempt path is
/// <c>http://127.0.0.1:8080</c> through the sidecar-netns connector, because Stalwart never bans
/// loopback (stalwart.md §1) while the admin listener bans the box's socket IP (lesson 3).
/// </summary>
/// <param name="Name">Shown in every report: <c>admin-url</c> or <c>netns-loopback</c>.</param>
internal sealed record StalwartAccessPath(string Name, Uri BaseUri, IConnector Connector)
{
    public const string AdminUrlName = "admin-url";
    public const string NetnsLoopbackName = "netns-loopback";

    /// <summary>Where Stalwart's plain admin listener is inside its own network namespace (0.15 quick-start and 0.16 defaults).</summary>
    public static readonly Uri NetnsLoopbackUri = new("http://127.0.0.1:8080/");

    public override string ToString() => $"{Name} ({BaseUri.GetLeftPart(UriPartial.Authority)} via {Connector.PathName})";
}
