using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet;
using Docker.DotNet.LegacyHttp;

namespace Tailwart.Core.Docker;

/// <summary>
/// The one place a Docker client is built, for the endpoint <see cref="DockerEndpointResolver"/>
/// found. Everything tailwart does to the stack goes through the daemon's API, so a missing socket
/// or a permission problem is reported once, here, with the fix and the endpoint's name.
/// </summary>
internal static class DockerClientFactory
{
    /// <summary>The system daemon's socket.</summary>
    public const string SocketPath = DockerEndpointResolver.DefaultSocket;

    /// <summary>Builds a client for the unix socket <paramref name="socketPath"/>.</summary>
    /// <exception cref="UserFacingException">The socket is missing.</exception>
    public static DockerClient Create(string socketPath = SocketPath) => Create(DockerEndpoint.Unix(socketPath));

    /// <summary>Builds a client for <paramref name="endpoint"/>; fails early with the fix when a unix socket is missing.</summary>
    /// <exception cref="UserFacingException">The socket is missing or the TLS material cannot be read.</exception>
    public static DockerClient Create(DockerEndpoint endpoint)
    {
        if (endpoint.SocketPath is { } path)
        {
            if (!File.Exists(path))
                throw new UserFacingException($"Docker socket {path} does not exist ({endpoint}): is dockerd running? Start it (systemctl start docker), or fix DOCKER_HOST / DOCKER_CONTEXT, and retry.");
            return new DockerClientBuilder().WithEndpoint(endpoint.Host).Build();
        }
        var builder = new DockerClientBuilder().WithEndpoint(endpoint.Host);
        if (endpoint.TlsCertPath is { } certs)
            builder = builder.WithTransportOptions(new LegacyHttpTransportOptions { ConfigureHandler = handler => ConfigureTls(handler, certs, endpoint) });
        return builder.Build();
    }

    /// <summary>Pings the daemon within <paramref name="timeout"/> and turns the usual failures into messages with a fix.</summary>
    public static Task PingAsync(IDockerClient client, TimeSpan timeout, string socketPath = SocketPath, CancellationToken ct = default) =>
        PingAsync(client, timeout, DockerEndpoint.Unix(socketPath), ct);

    /// <summary>Pings the daemon at <paramref name="endpoint"/> within <paramref name="timeout"/>; every failure names the endpoint.</summary>
    public static async Task PingAsync(IDockerClient client, TimeSpan timeout, DockerEndpoint endpoint, CancellationToken ct = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await client.System.PingAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (IsPermissionDenied(e))
        {
            throw new UserFacingException($"permission denied on {endpoint}: run tailwart as root or add this user to the docker group (usermod -aG docker $USER, then log in again).", e);
        }
        catch (Exception e) when (e is SocketException or HttpRequestException or IOException or DockerApiException)
        {
            throw new UserFacingException($"cannot talk to dockerd through {endpoint} ({e.Message}): is dockerd running there? (systemctl status docker; check DOCKER_HOST / DOCKER_CONTEXT)", e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new UserFacingException($"dockerd did not answer a ping on {endpoint} within {timeout.TotalSeconds:0} s: is it hung? (systemctl status docker)", e);
        }
    }

    /// <summary>
    /// DOCKER_TLS_VERIFY as the docker CLI means it: our client certificate (cert.pem + key.pem) and
    /// the daemon's certificate checked against ca.pem only, not the system store.
    /// </summary>
    private static void ConfigureTls(object handler, string certs, DockerEndpoint endpoint)
    {
        X509Certificate2 client, ca;
        try
        {
            client = X509Certificate2.CreateFromPemFile(Path.Combine(certs, "cert.pem"), Path.Combine(certs, "key.pem"));
            ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(certs, "ca.pem"));
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot read the TLS material for {endpoint} in {certs} ({e.Message}).", e);
        }
        var ssl = new SslClientAuthenticationOptions
        {
            ClientCertificates = [client],
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => certificate is not null && ChainsTo(certificate, ca, errors),
        };
        switch (handler)
        {
            case SocketsHttpHandler sockets:
                sockets.SslOptions = ssl;
                break;
            case HttpClientHandler http:
                http.ClientCertificates.Add(client);
                http.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) => certificate is not null && ChainsTo(certificate, ca, errors);
                break;
            default:
                throw new UserFacingException($"cannot set up TLS for {endpoint}: the Docker transport's handler ({handler.GetType().Name}) is not one tailwart knows.");
        }
    }

    private static bool ChainsTo(X509Certificate certificate, X509Certificate2 ca, SslPolicyErrors errors)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private static bool IsPermissionDenied(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is SocketException { SocketErrorCode: SocketError.AccessDenied } or UnauthorizedAccessException)
                return true;
            if (x.Message.Contains("permission denied", StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }
}
