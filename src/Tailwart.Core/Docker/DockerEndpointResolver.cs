using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tailwart.Core.Docker;

/// <summary>
/// Finds the Docker daemon the docker CLI would use, in the CLI's own order: DOCKER_HOST, then
/// DOCKER_CONTEXT, then the current context of the CLI's config.json, then rootless Docker's
/// <c>$XDG_RUNTIME_DIR/docker.sock</c> when it exists, then <c>/var/run/docker.sock</c>.
/// </summary>
/// <remarks>
/// The order is docker/cli's <c>resolveContextName</c> (cli/command/cli.go): an explicit DOCKER_HOST
/// beats every context; a context's endpoint is in <c>contexts/meta/&lt;sha256 of its name&gt;/meta.json</c>
/// and its TLS material in <c>contexts/tls/&lt;same&gt;/docker/</c> (cli/context/store). The rootless
/// step is ours: the docker CLI expects rootless users to set DOCKER_HOST, but a tailwart run from
/// a rootless user's shell without it should find that user's daemon, not the system one.
/// ssh:// is refused (see <see cref="Refuse"/>): the docker CLI runs `ssh … docker system dial-stdio`
/// for it, and a supervisor that spawns ssh sessions per API call, with the user's agent and
/// host-key prompts, is a worse tool than a forwarded socket.
/// </remarks>
public static class DockerEndpointResolver
{
    /// <summary>The system daemon's socket.</summary>
    public const string DefaultSocket = "/var/run/docker.sock";

    /// <summary>Resolves the endpoint from the environment and the docker CLI's config directory.</summary>
    /// <exception cref="UserFacingException">The setting names something tailwart cannot use (ssh://, a missing context, TLS files missing…).</exception>
    public static DockerEndpoint Resolve(Func<string, string?> env)
    {
        string configDir = ConfigDirectory(env);
        if (Value(env, "DOCKER_HOST") is { } host)
            return FromHost(host, "DOCKER_HOST", env, configDir);
        if (Value(env, "DOCKER_CONTEXT") is { } name && name != "default")
            return FromContext(name, $"DOCKER_CONTEXT={name}", configDir, env);
        if (CurrentContext(configDir) is { } current && current != "default")
            return FromContext(current, $"context {current} (currentContext in {Path.Combine(configDir, "config.json")})", configDir, env);
        if (Value(env, "XDG_RUNTIME_DIR") is { } runtime && File.Exists(Path.Combine(runtime, "docker.sock")))
            return DockerEndpoint.Unix(Path.Combine(runtime, "docker.sock"), "rootless Docker's $XDG_RUNTIME_DIR/docker.sock");
        return DockerEndpoint.Unix(DefaultSocket, "the default socket");
    }

    /// <summary>$DOCKER_CONFIG, else ~/.docker: where the docker CLI keeps config.json and contexts.</summary>
    public static string ConfigDirectory(Func<string, string?> env) =>
        Value(env, "DOCKER_CONFIG") ?? Path.Combine(Value(env, "HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");

    /// <summary>The context store's directory name for <paramref name="name"/>: the hex SHA-256 of the name (docker/cli store.go).</summary>
    public static string ContextDigest(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    private static DockerEndpoint FromHost(string host, string source, Func<string, string?> env, string configDir)
    {
        if (!Uri.TryCreate(host, UriKind.Absolute, out Uri? uri) || !host.Contains("://", StringComparison.Ordinal))
            throw new UserFacingException($"{source}={host} is not a Docker endpoint tailwart understands: write unix:///path/to/docker.sock or tcp://host:port.");
        switch (uri.Scheme)
        {
            case "unix":
                if (uri.LocalPath.Length <= 1)
                    throw new UserFacingException($"{source}={host} names no socket: write unix:///path/to/docker.sock.");
                return new DockerEndpoint(uri, source);
            case "tcp":
                return FromTcp(uri, source, env, configDir);
            default:
                throw Refuse(host, source, uri.Scheme);
        }
    }

    private static DockerEndpoint FromTcp(Uri uri, string source, Func<string, string?> env, string configDir)
    {
        bool verify = Value(env, "DOCKER_TLS_VERIFY") is not null;
        if (!verify && Value(env, "DOCKER_TLS") is not null)
            throw new UserFacingException($"{source}={uri.OriginalString} with DOCKER_TLS but not DOCKER_TLS_VERIFY: tailwart does not talk to a daemon whose certificate it cannot verify. Set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem).");
        int port = uri.IsDefaultPort || uri.Port <= 0 ? (verify ? 2376 : 2375) : uri.Port;
        var normalised = new Uri($"tcp://{uri.Host}:{port}");
        if (!verify)
            return new DockerEndpoint(normalised, source);
        string certs = Value(env, "DOCKER_CERT_PATH") ?? configDir;
        RequireTlsFiles(certs, $"{source} with DOCKER_TLS_VERIFY (DOCKER_CERT_PATH={certs})");
        return new DockerEndpoint(normalised, source + " with DOCKER_TLS_VERIFY", certs);
    }

    private static DockerEndpoint FromContext(string name, string source, string configDir, Func<string, string?> env)
    {
        string digest = ContextDigest(name);
        string meta = Path.Combine(configDir, "contexts", "meta", digest, "meta.json");
        if (!File.Exists(meta))
            throw new UserFacingException($"Docker context {name} ({source}) does not exist: no {meta}. List contexts with `docker context ls`, or unset it.");
        string? host;
        bool skipVerify;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(meta));
            JsonElement docker = doc.RootElement.GetProperty("Endpoints").GetProperty("docker");
            host = docker.TryGetProperty("Host", out JsonElement h) ? h.GetString() : null;
            skipVerify = docker.TryGetProperty("SkipTLSVerify", out JsonElement s) && s.ValueKind == JsonValueKind.True;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            throw new UserFacingException($"Docker context {name} ({source}): {meta} is not a context the docker CLI wrote ({e.Message}).", e);
        }
        if (string.IsNullOrEmpty(host))
            throw new UserFacingException($"Docker context {name} ({source}) has no docker endpoint Host in {meta}.");
        string tls = Path.Combine(configDir, "contexts", "tls", digest, "docker");
        if (host.StartsWith("tcp://", StringComparison.Ordinal) && Directory.Exists(tls))
        {
            if (skipVerify)
                throw new UserFacingException($"Docker context {name} ({source}) skips TLS verification: tailwart does not talk to a daemon whose certificate it cannot verify.");
            RequireTlsFiles(tls, $"Docker context {name}");
            return new DockerEndpoint(new Uri(host), source, tls);
        }
        return FromHost(host, source, _ => null, configDir);
    }

    private static void RequireTlsFiles(string directory, string what)
    {
        foreach (string file in new[] { "ca.pem", "cert.pem", "key.pem" })
        {
            if (!File.Exists(Path.Combine(directory, file)))
                throw new UserFacingException($"{what}: {Path.Combine(directory, file)} does not exist; the TLS endpoint needs ca.pem, cert.pem and key.pem there.");
        }
    }

    private static string? CurrentContext(string configDir)
    {
        string path = Path.Combine(configDir, "config.json");
        if (!File.Exists(path))
            return null;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("currentContext", out JsonElement c) && c.ValueKind == JsonValueKind.String
                ? c.GetString() is { Length: > 0 } s ? s : null
                : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new UserFacingException($"{path} is not valid JSON ({e.Message}): the docker CLI would refuse it too; fix or remove it.", e);
        }
    }

    /// <summary>ssh://, npipe://, fd:// and the rest: refused with what to do instead.</summary>
    private static UserFacingException Refuse(string host, string source, string scheme) => scheme switch
    {
        "ssh" => new UserFacingException(
            $"{source}={host}: ssh:// Docker endpoints are not supported by tailwart. Run tailwart on the Docker host itself, or forward the daemon's socket " +
            "(ssh -nNT -L /tmp/docker.sock:/var/run/docker.sock USER@HOST) and set DOCKER_HOST=unix:///tmp/docker.sock."),
        _ => new UserFacingException($"{source}={host}: {scheme}:// Docker endpoints are not supported; use unix:///path/to/docker.sock or tcp://host:port."),
    };

    private static string? Value(Func<string, string?> env, string name) => env(name) is { Length: > 0 } v ? v : null;
}
