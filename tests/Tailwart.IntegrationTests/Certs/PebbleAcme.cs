using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Tailwart.IntegrationTests.Standins;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Certs;

/// <summary>
/// A real ACME issuance on loopback: Debian's <c>pebble</c> (Let's Encrypt's test CA), with
/// <c>pebble-challtestsrv</c> as the DNS server pebble validates against, and <c>lego</c> as the client
/// solving DNS-01 (so a wildcard can be issued, lesson 4) by setting the TXT record through
/// challtestsrv's management API. Everything listens on spare loopback ports; the processes and the
/// directory are removed on dispose, also when a test failed.
/// </summary>
internal sealed class PebbleAcme : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tailwart-pebble-").FullName;
    private readonly List<Process> _processes = [];
    private readonly int _dnsPort = PostgresCluster.FreePort();
    private readonly int _challPort = PostgresCluster.FreePort();
    private readonly int _acmePort = PostgresCluster.FreePort();
    private readonly int _pebbleManagementPort = PostgresCluster.FreePort();
    private string _tlsThumbprint = "";

    private string TlsCertPath => Path.Combine(_dir, "pebble-tls.pem");

    public static async Task<PebbleAcme> StartAsync()
    {
        var acme = new PebbleAcme();
        try
        {
            await acme.StartProcessesAsync();
            return acme;
        }
        catch
        {
            await acme.DisposeAsync();
            throw;
        }
    }

    private async Task StartProcessesAsync()
    {
        // pebble serves ACME over HTTPS only: a throw-away certificate for 127.0.0.1, which lego is told to trust.
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var req = new CertificateRequest("CN=pebble on loopback", key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            req.CertificateExtensions.Add(san.Build());
            using X509Certificate2 tls = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
            _tlsThumbprint = tls.GetCertHashString();
            await File.WriteAllTextAsync(TlsCertPath, tls.ExportCertificatePem() + "\n");
            await File.WriteAllTextAsync(Path.Combine(_dir, "pebble-tls.key"), key.ExportPkcs8PrivateKeyPem() + "\n");
        }
        string config = Path.Combine(_dir, "pebble.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            pebble = new
            {
                listenAddress = $"127.0.0.1:{_acmePort}",
                managementListenAddress = $"127.0.0.1:{_pebbleManagementPort}",
                certificate = TlsCertPath,
                privateKey = Path.Combine(_dir, "pebble-tls.key"),
                httpPort = 5002, // unused: only DNS-01 is solved here
                tlsPort = 5001,
                ocspResponderURL = "",
                externalAccountBindingRequired = false,
            },
        }));
        Start("pebble-challtestsrv", ["-dns01", $"127.0.0.1:{_dnsPort}", "-http01", "", "-https01", "", "-tlsalpn01", "", "-management", $"127.0.0.1:{_challPort}"], []);
        // NOSLEEP: pebble otherwise waits up to 15 s before each validation, to mimic a busy CA.
        Start("pebble", ["-config", config, "-dnsserver", $"127.0.0.1:{_dnsPort}"], new() { ["PEBBLE_VA_NOSLEEP"] = "1", ["PEBBLE_WFE_NONCEREJECT"] = "0" });
        await WaitForPortAsync(_challPort);
        await WaitForPortAsync(_acmePort);
    }

    /// <summary>
    /// Issues a certificate for <paramref name="names"/> with lego over DNS-01 and returns lego's bundle
    /// (leaf then pebble's intermediate, as Let's Encrypt's fullchain.pem), its key, the leaf alone and pebble's root.
    /// </summary>
    public async Task<(string FullChainPem, string LeafPem, string KeyPem, X509Certificate2 Root)> IssueAsync(params string[] names)
    {
        // lego's exec provider calls this with present|cleanup FQDN VALUE; busybox's wget posts to challtestsrv.
        string hook = Path.Combine(_dir, "dns-hook.sh");
        await File.WriteAllTextAsync(hook, $$"""
            #!/bin/sh
            case "$1" in
              present) exec busybox wget -q -O /dev/null --post-data "{\"host\":\"$2\",\"value\":\"$3\"}" http://127.0.0.1:{{_challPort}}/set-txt ;;
              cleanup) exec busybox wget -q -O /dev/null --post-data "{\"host\":\"$2\"}" http://127.0.0.1:{{_challPort}}/clear-txt ;;
            esac

            """);
        File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string legoDir = Path.Combine(_dir, "lego");
        List<string> args = ["--server", $"https://127.0.0.1:{_acmePort}/dir", "--email", "admin@" + names[^1].TrimStart('*', '.'), "--accept-tos",
            "--path", legoDir, "--key-type", "ec256", "--dns", "exec", "--dns.resolvers", $"127.0.0.1:{_dnsPort}", "--dns.disable-cp"];
        foreach (string n in names)
            args.AddRange(["-d", n]);
        args.Add("run");
        var env = new Dictionary<string, string>
        {
            ["LEGO_CA_CERTIFICATES"] = TlsCertPath,
            ["EXEC_PATH"] = hook,
            ["EXEC_POLLING_INTERVAL"] = "1",
            ["EXEC_PROPAGATION_TIMEOUT"] = "20",
            ["EXEC_SEQUENCE_INTERVAL"] = "1", // else 60 s between the wildcard's and the apex's TXT (same name)
        };
        Process lego = Start("lego", args, env);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await lego.WaitForExitAsync(deadline.Token);
        string stem = Path.Combine(legoDir, "certificates", names[0].Replace("*", "_", StringComparison.Ordinal));
        if (lego.ExitCode != 0 || !File.Exists(stem + ".crt"))
            throw new InvalidOperationException($"lego exited {lego.ExitCode}: {await lego.StandardError.ReadToEndAsync()}");
        string fullChain = await File.ReadAllTextAsync(stem + ".crt");
        using var leaf = X509Certificate2.CreateFromPem(fullChain);
        return (fullChain, leaf.ExportCertificatePem() + "\n", await File.ReadAllTextAsync(stem + ".key"), await RootAsync());
    }

    /// <summary>pebble makes a new root at every start and hands it out on its management API.</summary>
    private async Task<X509Certificate2> RootAsync()
    {
        using var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == _tlsThumbprint },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        string pem = await http.GetStringAsync($"https://127.0.0.1:{_pebbleManagementPort}/roots/0");
        return X509Certificate2.CreateFromPem(pem);
    }

    private Process Start(string file, IEnumerable<string> args, Dictionary<string, string> env)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dir };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in env)
            psi.Environment[k] = v;
        Process p = Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start");
        _processes.Add(p);
        if (file != "lego")
        {
            // Drain the long-running ones so a full pipe never stalls them.
            p.OutputDataReceived += (_, _) => { };
            p.ErrorDataReceived += (_, _) => { };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
        }
        return p;
    }

    private static Task WaitForPortAsync(int port) =>
        LabEnvironment.WaitUntilAsync($"a listener on 127.0.0.1:{port}", async ct =>
        {
            using var c = new TcpClient();
            try
            {
                await c.ConnectAsync(IPAddress.Loopback, port, ct).AsTask().WaitAsync(TimeSpan.FromSeconds(1), ct);
                return true;
            }
            catch (Exception e) when (e is SocketException or TimeoutException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(20));

    public async ValueTask DisposeAsync()
    {
        foreach (Process p in _processes)
        {
            try
            {
                if (!p.HasExited)
                {
                    p.Kill(entireProcessTree: true);
                    await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                // Already gone.
            }
            p.Dispose();
        }
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { /* best effort */ }
    }
}
