using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Tailwart.IntegrationTests.Standins;

/// <summary>The listeners speak their protocols over real sockets and TLS, through PROXY v2 as the edge sends it.</summary>
public sealed class StalwartStandinProtocolTests(PostgresCluster pg) : IClassFixture<PostgresCluster>
{
    private static readonly IPAddress Client = IPAddress.Parse("198.51.100.20");

    [Fact]
    public async Task Submission_and_imap_upgrade_with_starttls_and_the_implicit_tls_ports_greet_inside_tls()
    {
        // given
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db });

        // when / then: 587 advertises STARTTLS, upgrades, and no longer advertises it inside TLS
        await using (var s = await LineSession.OpenAsync(standin.Ports.Submission, Client, tls: false))
        {
            Assert.StartsWith("220 mail.lab.example Stalwart ESMTP at your service", await s.ReadAsync(), StringComparison.Ordinal);
            Assert.Contains("250-STARTTLS", await s.CommandAsync("EHLO probe", untilPrefix: "250 "));
            Assert.StartsWith("220 2.0.0", (await s.CommandAsync("STARTTLS", untilPrefix: "220 "))[^1], StringComparison.Ordinal);
            await s.StartTlsAsync("mail.lab.example");
            var ehlo = await s.CommandAsync("EHLO probe", untilPrefix: "250 ");
            Assert.DoesNotContain("250-STARTTLS", ehlo);
            Assert.Equal("221 2.0.0 Bye.", (await s.CommandAsync("QUIT", untilPrefix: "221"))[^1]);
        }

        // 143 greets with STARTTLS in its capabilities and upgrades on a tagged command
        await using (var s = await LineSession.OpenAsync(standin.Ports.Imap, Client, tls: false))
        {
            var greeting = await s.ReadAsync();
            Assert.Contains("STARTTLS", greeting, StringComparison.Ordinal);
            Assert.EndsWith("Stalwart IMAP4rev2 at your service.", greeting, StringComparison.Ordinal);
            Assert.Equal("a1 OK Begin TLS negotiation now", (await s.CommandAsync("a1 STARTTLS", untilPrefix: "a1 "))[^1]);
            await s.StartTlsAsync("mail.lab.example");
            Assert.Equal("a2 OK CAPABILITY completed", (await s.CommandAsync("a2 CAPABILITY", untilPrefix: "a2 "))[^1]);
            Assert.Equal("a3 OK LOGOUT completed", (await s.CommandAsync("a3 LOGOUT", untilPrefix: "a3 "))[^1]);
        }

        // 465 and 993 greet inside TLS
        await using (var s = await LineSession.OpenAsync(standin.Ports.Submissions, Client, tls: true))
            Assert.StartsWith("220 mail.lab.example", await s.ReadAsync(), StringComparison.Ordinal);
        await using (var s = await LineSession.OpenAsync(standin.Ports.Imaps, Client, tls: true))
            Assert.StartsWith("* OK [CAPABILITY IMAP4rev2", await s.ReadAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_016_mode_the_listeners_are_016s_defaults_and_tailwart_reads_them_and_probes_neither_587_nor_143()
    {
        // given a 0.16 stand-in (the listeners Stalwart 0.16 creates: v0.16.18 crates/common/src/manager/defaults.rs)
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db, Generation = "0.16" });
        using var client = Tailwart.IntegrationTests.Bans.StandinBans.Client(standin.Ports);

        // when tailwart reads them through x:NetworkListener/get and plans a probe run from them
        var listeners = await client.ListenersAsync();
        var plan = Tailwart.Core.Probes.ProbePlan.From(new Tailwart.Core.Stalwart.ListenerReading(listeners, null));

        // then: the seven defaults, no 587 and no 143 bound, and pop3s/sieve greet as Stalwart does
        Assert.Equal(["smtp", "submissions", "imaps", "pop3s", "sieve", "https", "http"], listeners.Select(l => l.Id));
        var p = standin.Ports;
        Assert.Equal([p.Smtp, p.Submissions, p.Imaps, p.Pop3s, p.Sieve, p.Https, p.Http], listeners.SelectMany(l => l.Ports));
        Assert.Equal(["smtp", "smtp", "imap", "pop3", "managesieve", "http", "http"], listeners.Select(l => l.Protocol));
        Assert.Equal(7, standin.Lines.Count(l => l.Contains("(network.listen-start)", StringComparison.Ordinal)));
        Assert.DoesNotContain(standin.Lines, l => l.Contains($"localPort = {p.Submission},", StringComparison.Ordinal) || l.Contains($"localPort = {p.Imap},", StringComparison.Ordinal));
        Assert.Null(plan.Assumed);
        await using (var s = await LineSession.OpenAsync(p.Pop3s, Client, tls: true))
        {
            Assert.Equal("+OK Stalwart POP3 at your service.", await s.ReadAsync());
            Assert.Equal("+OK Stalwart POP3 bids you farewell.", (await s.CommandAsync("QUIT", untilPrefix: "+OK"))[^1]);
        }
        await using (var s = await LineSession.OpenAsync(p.Sieve, Client, tls: false))
        {
            Assert.Equal("\"IMPLEMENTATION\" \"Stalwart ManageSieve\"", await s.ReadAsync());
            Assert.Equal("OK \"Stalwart ManageSieve at your service.\"", (await s.CommandAsync("", untilPrefix: "OK"))[^1]);
        }
    }

    [Fact]
    public async Task In_015_mode_tailwart_reads_the_quick_start_listeners_from_the_settings()
    {
        // given a 0.15 stand-in
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db });
        using var client = Tailwart.IntegrationTests.Bans.StandinBans.Client(standin.Ports);

        // when
        var listeners = await client.ListenersAsync();

        // then: server.listener.* through /api/settings/list, as the quick-start names them
        Assert.Equal(["http", "https", "imap", "imaptls", "smtp", "submission", "submissions"], listeners.Select(l => l.Id).Order(StringComparer.Ordinal));
        Assert.Equal([standin.Ports.Submission], listeners.Single(l => l.Id == "submission").Ports);
        Assert.True(listeners.Single(l => l.Id == "imaptls").TlsImplicit);
    }

    [Fact]
    public async Task Https_serves_the_mta_sts_policy_and_autoconfig_over_tls_by_sni()
    {
        // given
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db });

        // when
        var policy = await HttpsGetAsync(standin.Ports.Https, "mta-sts.lab.example", "/.well-known/mta-sts.txt");
        var autoconfig = await HttpsGetAsync(standin.Ports.Https, "autoconfig.lab.example", "/mail/config-v1.1.xml");

        // then
        Assert.StartsWith("HTTP/1.1 200", policy, StringComparison.Ordinal);
        Assert.Contains("version: STSv1\nmode: enforce\nmx: mail.lab.example\n", policy, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200", autoconfig, StringComparison.Ordinal);
        Assert.Contains("<hostname>mail.lab.example</hostname>", autoconfig, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_015_acme_order_with_a_bad_dns_key_logs_one_dns_record_creation_failure_unauthorized()
    {
        // given ACME domains configured and the lab's "bad Spaceship key" switch on
        var db = await pg.CreateDatabaseAsync();
        var labDir = Path.Combine(Path.GetTempPath(), "tailwart-standin-acme-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(labDir, "control"));
        File.WriteAllText(Path.Combine(labDir, "control", "acme-unauthorized"), "");
        try
        {
            // when it boots (an order is triggered at boot)
            await using var standin = await StandinProcess.StartAsync(new StandinOptions
            {
                DbPort = pg.Port, DbName = db, LabDir = labDir,
                ExtraEnv = new Dictionary<string, string> { ["STANDIN_ACME_DOMAINS"] = "*.lab.example,lab.example" },
            });

            // then
            await standin.WaitForAsync(l => l.Contains("INFO ACME order started (acme.order-start) hostname = [\"*.lab.example\", \"lab.example\"]", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
            await standin.WaitForAsync(l => l.Contains("(acme.dns-record-creation-failed)", StringComparison.Ordinal)
                && l.Contains("hostname = \"_acme-challenge.lab.example\"", StringComparison.Ordinal)
                && l.Contains("reason = \"Unauthorized\"", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        }
        finally
        {
            Directory.Delete(labDir, recursive: true);
        }
    }

    [Fact]
    public async Task An_016_acme_renewal_failing_on_a_bad_dns_key_yields_a_lesson_2_finding_read_from_the_task_state()
    {
        // given a 0.16 stand-in with ACME domains and the lab's "bad Spaceship key" switch on: 0.16.18 keeps the
        // AcmeRenewal task in Retry and logs nothing above DEBUG (CONTRACT.md B7), so no log signature can fire
        var db = await pg.CreateDatabaseAsync();
        var labDir = Path.Combine(Path.GetTempPath(), "tailwart-standin-acme16-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(labDir, "control"));
        File.WriteAllText(Path.Combine(labDir, "control", "acme-unauthorized"), "");
        try
        {
            await using var standin = await StandinProcess.StartAsync(new StandinOptions
            {
                DbPort = pg.Port, DbName = db, LabDir = labDir, Generation = "0.16",
                ExtraEnv = new Dictionary<string, string> { ["STANDIN_ACME_DOMAINS"] = "*.lab.example,lab.example" },
            });
            await standin.WaitForAsync(l => l.Contains("(acme.auth-start)", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
            using var client = Tailwart.IntegrationTests.Bans.StandinBans.Client(standin.Ports);

            // when tailwart reads the renewal tasks through the API and judges them
            var tasks = await client.AcmeRenewalTasksAsync();
            var findings = Tailwart.Core.Acme.AcmeTaskJudge.Judge(tasks!);

            // then one lesson-2 finding (the dead DNS key), a warning while 0.16 retries, with Stalwart's own reason
            var f = Assert.Single(findings);
            Assert.Equal("log.acme-dns-unauthorized", f.Id);
            Assert.Equal(2, f.Lesson);
            Assert.Equal(Tailwart.Core.Checks.Severity.Warning, f.Severity);
            Assert.Contains("from Stalwart's task state", f.Evidence, StringComparison.Ordinal);
            Assert.Contains("DNS error: Failed to set DNS RRSet: Unauthorized", f.Evidence, StringComparison.Ordinal);
            Assert.Contains("retrying (attempt 1", f.Evidence, StringComparison.Ordinal);
            // and the stream carried no ACME failure a log signature could have matched
            Assert.DoesNotContain(standin.Lines, l => l.Contains("Unauthorized", StringComparison.Ordinal) || l.Contains(" WARN ", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(labDir, recursive: true);
        }
    }

    private static async Task<string> HttpsGetAsync(int port, string sni, string path)
    {
        await using var s = await LineSession.OpenAsync(port, Client, tls: true, sni);
        await s.Stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {sni}\r\nConnection: close\r\n\r\n"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var ms = new MemoryStream();
        await s.Stream.CopyToAsync(ms, cts.Token);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>A line-oriented client session via PROXY v2 from loopback, optionally TLS from the start.</summary>
    private sealed class LineSession : IAsyncDisposable
    {
        private readonly NetworkStream _net;
        private StreamReader _reader;

        private LineSession(NetworkStream net, Stream stream)
        {
            _net = net;
            Stream = stream;
            _reader = new StreamReader(stream, Encoding.ASCII);
        }

        public Stream Stream { get; private set; }

        public static async Task<LineSession> OpenAsync(int port, IPAddress client, bool tls, string sni = "mail.lab.example")
        {
            var (_, net) = await WireClient.ConnectAsync(IPAddress.Loopback, IPAddress.Loopback, port, client);
            var session = new LineSession(net, net);
            if (tls) await session.StartTlsAsync(sni);
            return session;
        }

        public async Task StartTlsAsync(string sni)
        {
#pragma warning disable CA5359 // the lab serves the self-signed fallback; these tests check protocol, not trust
            var ssl = new SslStream(_net, leaveInnerStreamOpen: true, (_, _, _, _) => true);
#pragma warning restore CA5359
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = sni }, cts.Token);
            Stream = ssl;
            _reader = new StreamReader(ssl, Encoding.ASCII);
        }

        public async Task<string> ReadAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            return await _reader.ReadLineAsync(cts.Token) ?? "(closed)";
        }

        public async Task<List<string>> CommandAsync(string command, string untilPrefix)
        {
            await Stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
            var lines = new List<string>();
            while (true)
            {
                var line = await ReadAsync();
                lines.Add(line);
                if (line.StartsWith(untilPrefix, StringComparison.Ordinal) || line == "(closed)") return lines;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Stream != _net) await Stream.DisposeAsync();
            await _net.DisposeAsync();
        }
    }
}
