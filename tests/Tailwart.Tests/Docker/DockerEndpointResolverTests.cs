using Tailwart.Core;
using Tailwart.Core.Docker;

namespace Tailwart.Tests.Docker;

/// <summary>The docker CLI's order: DOCKER_HOST, DOCKER_CONTEXT, config.json's currentContext, rootless socket, /var/run/docker.sock.</summary>
public sealed class DockerEndpointResolverTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("tw-dockerhome-").FullName;
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);

    public DockerEndpointResolverTests() => _env["HOME"] = _home;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private DockerEndpoint Resolve() => DockerEndpointResolver.Resolve(n => _env.GetValueOrDefault(n));

    private void Context(string name, string host, bool tls = false)
    {
        string dir = Path.Combine(_home, ".docker", "contexts", "meta", DockerEndpointResolver.ContextDigest(name));
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "meta.json"), "{\"Name\":\"" + name + "\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\"" + host + "\",\"SkipTLSVerify\":false}}}");
        if (tls)
            TlsFiles(Path.Combine(_home, ".docker", "contexts", "tls", DockerEndpointResolver.ContextDigest(name), "docker"));
    }

    private static void TlsFiles(string dir)
    {
        Directory.CreateDirectory(dir);
        foreach (string f in new[] { "ca.pem", "cert.pem", "key.pem" })
            File.WriteAllText(Path.Combine(dir, f), "x");
    }

    private void CurrentContext(string name)
    {
        Directory.CreateDirectory(Path.Combine(_home, ".docker"));
        File.WriteAllText(Path.Combine(_home, ".docker", "config.json"), $$"""{"auths":{},"currentContext":"{{name}}"}""");
    }

    [Fact]
    public void Nothing_set_is_the_system_socket()
    {
        var e = Resolve();
        Assert.Equal("unix:///var/run/docker.sock", e.HostText);
        Assert.Equal("/var/run/docker.sock", e.SocketPath);
        Assert.True(e.IsLocal);
        Assert.Contains("default socket", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_rootless_socket_is_taken_only_when_it_exists()
    {
        string runtime = Directory.CreateDirectory(Path.Combine(_home, "run")).FullName;
        _env["XDG_RUNTIME_DIR"] = runtime;
        Assert.Equal("/var/run/docker.sock", Resolve().SocketPath);

        File.WriteAllText(Path.Combine(runtime, "docker.sock"), "");
        Assert.Equal(Path.Combine(runtime, "docker.sock"), Resolve().SocketPath);
    }

    [Fact]
    public void The_current_context_beats_the_rootless_socket()
    {
        string runtime = Directory.CreateDirectory(Path.Combine(_home, "run")).FullName;
        File.WriteAllText(Path.Combine(runtime, "docker.sock"), "");
        _env["XDG_RUNTIME_DIR"] = runtime;
        Context("lab", "unix:///tmp/lab.sock");
        CurrentContext("lab");

        var e = Resolve();
        Assert.Equal("/tmp/lab.sock", e.SocketPath);
        Assert.Contains("context lab", e.Source, StringComparison.Ordinal);
        Assert.Contains("config.json", e.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void The_current_context_named_default_falls_through()
    {
        CurrentContext("default");
        Assert.Equal("/var/run/docker.sock", Resolve().SocketPath);
    }

    [Fact]
    public void DOCKER_CONTEXT_beats_the_current_context()
    {
        Context("lab", "unix:///tmp/lab.sock");
        Context("other", "unix:///tmp/other.sock");
        CurrentContext("lab");
        _env["DOCKER_CONTEXT"] = "other";

        var e = Resolve();
        Assert.Equal("/tmp/other.sock", e.SocketPath);
        Assert.Equal("DOCKER_CONTEXT=other", e.Source);
    }

    [Fact]
    public void DOCKER_HOST_beats_every_context()
    {
        Context("other", "unix:///tmp/other.sock");
        CurrentContext("other");
        _env["DOCKER_CONTEXT"] = "other";
        _env["DOCKER_HOST"] = "unix:///tmp/none.sock";

        var e = Resolve();
        Assert.Equal("/tmp/none.sock", e.SocketPath);
        Assert.Equal("unix:///tmp/none.sock (from DOCKER_HOST)", e.ToString());
    }

    [Fact]
    public void DOCKER_CONFIG_moves_the_config_directory()
    {
        string elsewhere = Directory.CreateDirectory(Path.Combine(_home, "cfg")).FullName;
        _env["DOCKER_CONFIG"] = elsewhere;
        string dir = Path.Combine(elsewhere, "contexts", "meta", DockerEndpointResolver.ContextDigest("x"));
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "meta.json"), """{"Name":"x","Endpoints":{"docker":{"Host":"unix:///tmp/x.sock"}}}""");
        File.WriteAllText(Path.Combine(elsewhere, "config.json"), """{"currentContext":"x"}""");

        Assert.Equal("/tmp/x.sock", Resolve().SocketPath);
    }

    [Fact]
    public void The_context_digest_is_the_docker_clis()
    {
        // docker/cli names the directory of context "default"… by the hex SHA-256 of the name.
        Assert.Equal("37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f", DockerEndpointResolver.ContextDigest("default"));
    }

    [Fact]
    public void A_missing_context_is_named_with_the_fix()
    {
        _env["DOCKER_CONTEXT"] = "gone";
        var e = Assert.Throws<UserFacingException>(Resolve);
        Assert.Contains("Docker context gone", e.Message, StringComparison.Ordinal);
        Assert.Contains("docker context ls", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tcp_without_TLS_is_plain_on_2375_and_not_local()
    {
        _env["DOCKER_HOST"] = "tcp://10.0.0.5";
        var e = Resolve();
        Assert.Equal("tcp://10.0.0.5:2375", e.HostText);
        Assert.False(e.IsLocal);
        Assert.False(e.UsesTls);
        Assert.Null(e.SocketPath);
    }

    [Fact]
    public void Tcp_with_TLS_verify_takes_the_cert_path_and_2376()
    {
        string certs = Path.Combine(_home, "certs");
        TlsFiles(certs);
        _env["DOCKER_HOST"] = "tcp://10.0.0.5";
        _env["DOCKER_TLS_VERIFY"] = "1";
        _env["DOCKER_CERT_PATH"] = certs;

        var e = Resolve();
        Assert.Equal("tcp://10.0.0.5:2376", e.HostText);
        Assert.Equal(certs, e.TlsCertPath);
        var compose = e.ComposeEnvironment();
        Assert.Equal("tcp://10.0.0.5:2376", compose["DOCKER_HOST"]);
        Assert.Equal("1", compose["DOCKER_TLS_VERIFY"]);
        Assert.Equal(certs, compose["DOCKER_CERT_PATH"]);
        Assert.Null(compose["DOCKER_CONTEXT"]);
    }

    [Fact]
    public void Tcp_with_TLS_verify_but_no_certificates_names_the_missing_file()
    {
        _env["DOCKER_HOST"] = "tcp://10.0.0.5:2376";
        _env["DOCKER_TLS_VERIFY"] = "1";
        _env["DOCKER_CERT_PATH"] = Path.Combine(_home, "nothing");
        var e = Assert.Throws<UserFacingException>(Resolve);
        Assert.Contains(Path.Combine(_home, "nothing", "ca.pem"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tls_context_carries_its_certificates()
    {
        Context("remote", "tcp://10.0.0.9:2376", tls: true);
        _env["DOCKER_CONTEXT"] = "remote";
        var e = Resolve();
        Assert.Equal("tcp://10.0.0.9:2376", e.HostText);
        Assert.EndsWith(Path.Combine("contexts", "tls", DockerEndpointResolver.ContextDigest("remote"), "docker"), e.TlsCertPath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ssh://me@box", "ssh:// Docker endpoints are not supported")]
    [InlineData("npipe:////./pipe/docker_engine", "npipe:// Docker endpoints are not supported")]
    [InlineData("/var/run/docker.sock", "not a Docker endpoint tailwart understands")]
    [InlineData("unix://", "names no socket")]
    public void Endpoints_tailwart_cannot_use_are_refused_with_the_fix(string host, string expected)
    {
        _env["DOCKER_HOST"] = host;
        var e = Assert.Throws<UserFacingException>(Resolve);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("DOCKER_HOST=" + host, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ssh_refusal_says_how_to_forward_the_socket()
    {
        _env["DOCKER_HOST"] = "ssh://me@box";
        var e = Assert.Throws<UserFacingException>(Resolve);
        Assert.Contains("ssh -nNT -L /tmp/docker.sock:/var/run/docker.sock", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_socket_names_the_endpoint_and_where_it_came_from()
    {
        _env["DOCKER_HOST"] = "unix:///tmp/none.sock";
        var e = Assert.Throws<UserFacingException>(() => DockerClientFactory.Create(Resolve()));
        Assert.Contains("unix:///tmp/none.sock (from DOCKER_HOST)", e.Message, StringComparison.Ordinal);
    }
}
