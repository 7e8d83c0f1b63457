namespace Tailwart.Core.Net;

/// <summary>
/// Opens a TCP byte stream to host:port from somewhere: this box directly, or inside the
/// sidecar's network namespace. Probes, certificate checks and API clients take one, so the
/// same conversation runs over either path.
/// </summary>
internal interface IConnector
{
    /// <summary>A short name for reports: "edge" (as the world sees it) or "netns" (inside the sidecar).</summary>
    string PathName { get; }

    Task<Stream> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken ct);
}
