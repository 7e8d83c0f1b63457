using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tailwart.IntegrationTests.Standins;

/// <summary>The Stalwart stand-in as a real process against a real PostgreSQL, over real sockets and TLS.</summary>
public sealed class StalwartStandinTests(PostgresCluster pg) : IClassFixture<PostgresCluster>
{
    private static readonly IPAddress ClientX = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress ClientY = IPAddress.Parse("198.51.100.9");
    private const string Admin = "admin:" + StandinOptions.AdminPassword;

    private async Task<StandinProcess> StartAsync(string generation = "0.15", string trusted = "127.0.0.0/8")
    {
        var db = await pg.CreateDatabaseAsync();
        return await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db, Generation = generation, TrustedProxies = trusted });
    }

    [Fact]
    public async Task Boot_logs_startup_with_version_and_holds_four_stalwart_sessions()
    {
        // given / when
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db });

        // then
        Assert.Contains(standin.Lines, l => l.Contains("INFO Starting Stalwart Server v0.15.5 (server.startup) version = \"0.15.5\"", StringComparison.Ordinal));
        Assert.Equal(7, standin.Lines.Count(l => l.Contains("(network.listen-start)", StringComparison.Ordinal)));
        Assert.Equal(4, await pg.ScalarAsync(db, $"SELECT count(*) FROM pg_stat_activity WHERE datname = '{db}' AND application_name = 'stalwart'"));
        Assert.Equal(3, await pg.ScalarAsync(db, "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('settings','blocked_ips','certificates')"));
    }

    [Fact]
    public async Task The_self_signed_fallback_is_served_until_a_certificate_is_imported_with_the_store_up()
    {
        // given a fresh stand-in with no certificate in PG
        await using var standin = await StartAsync();
        using var before = await WireClient.ServedCertificateAsync(standin.Ports.Https, "mail.lab.example", ClientY);
        Assert.Equal("CN=rcgen self signed cert", before.Subject);
        Assert.Equal("CN=rcgen self signed cert", before.Issuer);
        await standin.WaitForAsync(l => l.Contains("(tls.no-certificates-available)", StringComparison.Ordinal), TimeSpan.FromSeconds(5));

        // when a certificate is imported through the 0.15 settings API and certificates are reloaded
        var (certPem, keyPem) = TestCertificates.Create("mail.lab.example", "*.lab.example");
        var insert = await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "POST", "/api/settings", Admin,
            JsonSerializer.Serialize(new object[] { new { type = "insert", prefix = "certificate.lab", values = new[] { new[] { "cert", certPem }, new[] { "private-key", keyPem } }, assert_empty = false } }));
        var reload = await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "GET", "/api/reload/certificate", Admin);

        // then the imported certificate is served on 443 and 993, and nothing was lost
        Assert.Equal("{\"data\":null}", insert!.Body);
        Assert.Equal(200, reload!.Status);
        using var https = await WireClient.ServedCertificateAsync(standin.Ports.Https, "mail.lab.example", ClientY);
        using var imaps = await WireClient.ServedCertificateAsync(standin.Ports.Imaps, "autoconfig.lab.example", ClientY);
        Assert.Equal("CN=mail.lab.example", https.Subject);
        Assert.Equal("CN=mail.lab.example", imaps.Subject);
        Assert.Equal(0, standin.LostWrites);
        Assert.Equal(1, await pg.ScalarAsync(standin.DbName, "SELECT count(*) FROM certificates"));
    }

    [Fact]
    public async Task With_the_db_unreachable_at_boot_in_degrade_mode_a_certificate_import_is_lost_and_the_fallback_stays()
    {
        // given a stand-in whose Postgres port refuses connections, in degrade mode
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = PostgresCluster.FreePort(), DbFailureMode = "degrade" });
        Assert.Contains(standin.Lines, l => l.Contains("(config.build-error)", StringComparison.Ordinal)
            && l.Contains("Failed to create tables", StringComparison.Ordinal) && l.Contains("error connecting to server", StringComparison.Ordinal));

        // when a certificate is imported and reloaded
        var (certPem, keyPem) = TestCertificates.Create("mail.lab.example");
        var insert = await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "POST", "/api/settings", Admin,
            JsonSerializer.Serialize(new object[] { new { type = "insert", prefix = "certificate.lab", values = new[] { new[] { "cert", certPem }, new[] { "private-key", keyPem } }, assert_empty = false } }));
        await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "GET", "/api/reload/certificate", Admin);

        // then the API said yes, the write was lost and counted, and the fallback is still served
        Assert.Equal("{\"data\":null}", insert!.Body);
        Assert.Equal(1, standin.LostWrites);
        using var served = await WireClient.ServedCertificateAsync(standin.Ports.Https, "mail.lab.example", ClientY);
        Assert.Equal("CN=rcgen self signed cert", served.Subject);
        var ready = await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "GET", "/healthz/ready");
        Assert.Equal(200, ready!.Status);
    }

    [Theory]
    [InlineData("0.15", "Failed to read database configuration: PostgreSQL error (store.postgresql-error): reason = Error occurred while creating a new object: error connecting to server: Connection refused")]
    [InlineData("0.16", "⚠️ Startup failed: Failed to create tables: PostgreSQL error (store.postgresql-error): reason = error connecting to server: Connection refused")]
    public async Task With_the_db_unreachable_at_boot_in_exit_mode_the_version_failure_line_is_printed_and_it_exits_1(string generation, string line)
    {
        // given / when
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = PostgresCluster.FreePort(), Generation = generation }, waitForListeners: false);
        var code = await standin.WaitForExitAsync(TimeSpan.FromSeconds(30));

        // then
        Assert.Equal(1, code);
        Assert.Contains(standin.Lines, l => l.StartsWith(line, StringComparison.Ordinal));
        Assert.DoesNotContain(standin.Lines, l => l.Contains("(server.startup)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_malformed_smtp_line_through_proxy_bans_the_proxied_client_for_mail_but_not_the_proxy_for_admin()
    {
        // given the proxy connects from a non-loopback address of this machine, trusted for PROXY
        var proxy = WireClient.LocalNonLoopbackIPv4();
        await using var standin = await StartAsync(trusted: $"127.0.0.0/8,{proxy}/32");

        // when client X sends garbage over SMTP through the proxy
        var garbage = await WireClient.SmtpAsync(standin.Ports.Smtp, ClientX, proxy, "HELLO?? \u0001\u0002");
        Assert.StartsWith("500 5.5.1", garbage[^1], StringComparison.Ordinal);
        await standin.WaitForAsync(l => l.Contains("(security.scan-ban) remoteIp = 203.0.113.7", StringComparison.Ordinal), TimeSpan.FromSeconds(5));

        // then X is dropped on the mail ports, Y still relays through the same proxy, and the proxy's own admin access works
        var x = await WireClient.SmtpAsync(standin.Ports.Smtp, ClientX, proxy, "EHLO x");
        Assert.Equal(["(closed)"], x);
        await standin.WaitForAsync(l => l.Contains("(security.ip-blocked) listenerId = \"smtp\"", StringComparison.Ordinal) && l.Contains("remoteIp = 203.0.113.7", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        var y = await WireClient.SmtpAsync(standin.Ports.Smtp, ClientY, proxy, "EHLO y", "MAIL FROM:<a@y.example>", "RCPT TO:<b@lab.example>", "DATA", "Subject: hi\r\n\r\nhello\r\n.", "QUIT");
        Assert.Contains("250 2.0.0 Message queued for delivery.", y);
        var admin = await WireClient.HttpAsync(proxy, standin.Ports.Http, "GET", "/api/settings/list?prefix=server.blocked-ip", Admin);
        Assert.Equal(200, admin!.Status);
        Assert.Equal("", (string?)JsonNode.Parse(admin.Body)!["data"]!["items"]!["203.0.113.7"]);
    }

    [Fact]
    public async Task A_ban_from_the_admin_side_drops_the_admin_port_while_mail_from_that_box_still_relays_via_proxy()
    {
        // given the edge box (a non-loopback local address) is both the PROXY sender and an admin client
        var box = WireClient.LocalNonLoopbackIPv4();
        await using var standin = await StartAsync(trusted: $"127.0.0.0/8,{box}/32");
        Assert.Equal(200, (await WireClient.HttpAsync(box, standin.Ports.Http, "GET", "/healthz/live"))!.Status);

        // when the box probes a scan path on the admin listener (keyed on its socket IP)
        var probe = await WireClient.HttpAsync(box, standin.Ports.Http, "GET", "/wp-login.php");
        Assert.Equal(404, probe!.Status);

        // then the admin port accepts and closes at once for the box (lesson 3's "8080 mystery") ...
        Assert.Null(await WireClient.HttpAsync(box, standin.Ports.Http, "GET", "/healthz/live"));
        await standin.WaitForAsync(l => l.Contains("(security.ip-blocked) listenerId = \"http\"", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        // ... while mail from the same box still relays, because the mail ban check uses the PROXY client IP
        var mail = await WireClient.SmtpAsync(standin.Ports.Smtp, ClientY, box, "EHLO edge", "QUIT");
        Assert.StartsWith("220 mail.lab.example Stalwart ESMTP", mail[0], StringComparison.Ordinal);
        Assert.Equal("221 2.0.0 Bye.", mail[^1]);
        // and loopback admin access still works (loopback is never banned)
        Assert.Equal(200, (await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "GET", "/healthz/live"))!.Status);
    }

    [Fact]
    public async Task Malformed_mail_input_after_an_unban_re_arms_the_ban_at_once()
    {
        // given a threshold of two malformed lines, and X banned by reaching it
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions { DbPort = pg.Port, DbName = db, ScanBanCount = 2 });
        await WireClient.SmtpAsync(standin.Ports.Smtp, ClientX, null, "BAD1", "BAD2");
        Assert.Equal(["(closed)"], await WireClient.SmtpAsync(standin.Ports.Smtp, ClientX, null, "QUIT"));

        // when X is unbanned the 0.15 way (delete the key, then reload the blocked-ip set)
        var delete = await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "POST", "/api/settings", Admin,
            "[{\"type\":\"delete\",\"keys\":[\"server.blocked-ip.203.0.113.7\"]}]");
        var reload = await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "GET", "/api/reload/server.blocked-ip", Admin);
        Assert.Equal("{\"data\":null}", delete!.Body);
        Assert.Equal(200, reload!.Status);
        var unbanned = await WireClient.SmtpAsync(standin.Ports.Smtp, ClientX, null, "BAD3");

        // then the session is served again, but a single further malformed line bans X again
        Assert.StartsWith("220 ", unbanned[0], StringComparison.Ordinal);
        Assert.Equal(["(closed)"], await WireClient.SmtpAsync(standin.Ports.Smtp, ClientX, null, "QUIT"));
        Assert.Equal(1, await pg.ScalarAsync(db, "SELECT count(*) FROM blocked_ips WHERE address = '203.0.113.7'"));
    }

    [Fact]
    public async Task The_era_probe_answers_401_on_015_and_404_on_016()
    {
        // given / when
        await using var v15 = await StartAsync("0.15");
        await using var v16 = await StartAsync("0.16");
        var r15 = await WireClient.HttpAsync(IPAddress.Loopback, v15.Ports.Http, "GET", "/api/settings/list");
        var r16 = await WireClient.HttpAsync(IPAddress.Loopback, v16.Ports.Http, "GET", "/api/settings/list");

        // then
        Assert.Equal(401, r15!.Status);
        Assert.False(r15.Headers.ContainsKey("WWW-Authenticate"), "0.15 answers an /api call without realms (CONTRACT.md B9)");
        Assert.Contains("You have to authenticate first.", r15.Body, StringComparison.Ordinal);
        Assert.Equal(404, r16!.Status);
        Assert.Contains(v16.Lines, l => l.Contains("(server.startup) hostname = \"mail.lab.example\", version = \"0.16.18\"", StringComparison.Ordinal));
        var jmapNoAuth = await WireClient.HttpAsync(IPAddress.Loopback, v16.Ports.Http, "POST", "/jmap", body: "{}");
        Assert.Equal(401, jmapNoAuth!.Status);
        Assert.Equal("Bearer realm=\"Stalwart Server\", Basic realm=\"Stalwart Server\"", jmapNoAuth.Headers["WWW-Authenticate"]);
    }

    [Fact]
    public async Task On_016_a_blocked_ip_created_over_jmap_takes_effect_after_reload_and_destroy_lifts_it()
    {
        // given
        await using var standin = await StartAsync("0.16");
        const string using_ = "\"using\":[\"urn:ietf:params:jmap:core\",\"urn:stalwart:jmap\"]";

        // when X is created as a BlockedIp, then ReloadBlockedIps runs
        var create = await Jmap(standin, $"{{{using_},\"methodCalls\":[[\"x:BlockedIp/set\",{{\"create\":{{\"n1\":{{\"address\":\"203.0.113.7\",\"reason\":\"manual\"}}}}}},\"c1\"]]}}");
        var id = (string)create["methodResponses"]![0]![1]!["created"]!["n1"]!["id"]!;
        var beforeReload = await WireClient.SmtpAsync(standin.Ports.Smtp, ClientX, null, "QUIT");
        await Jmap(standin, $"{{{using_},\"methodCalls\":[[\"x:Action/set\",{{\"create\":{{\"a\":{{\"@type\":\"ReloadBlockedIps\"}}}}}},\"c2\"]]}}");
        var afterReload = await WireClient.SmtpAsync(standin.Ports.Smtp, ClientX, null, "QUIT");
        var get = await Jmap(standin, $"{{{using_},\"methodCalls\":[[\"x:BlockedIp/get\",{{\"ids\":null}},\"c3\"]]}}");
        await Jmap(standin, $"{{{using_},\"methodCalls\":[[\"x:BlockedIp/set\",{{\"destroy\":[\"{id}\"]}},\"c4\"],[\"x:Action/set\",{{\"create\":{{\"a\":{{\"@type\":\"ReloadBlockedIps\"}}}}}},\"c5\"]]}}");
        var afterDestroy = await WireClient.SmtpAsync(standin.Ports.Smtp, ClientX, null, "QUIT");

        // then the registry write alone did nothing in memory; the reload applied it; destroy + reload lifted it
        Assert.Equal("221 2.0.0 Bye.", beforeReload[^1]);
        Assert.Equal(["(closed)"], afterReload);
        Assert.Equal("203.0.113.7", (string?)get["methodResponses"]![0]![1]!["list"]![0]!["address"]);
        Assert.Equal("221 2.0.0 Bye.", afterDestroy[^1]);
    }

    [Fact]
    public async Task On_016_an_allowed_ip_created_with_a_bearer_api_key_is_never_banned_after_reload_settings()
    {
        // given a 0.16 stand-in with an API key
        var db = await pg.CreateDatabaseAsync();
        await using var standin = await StandinProcess.StartAsync(new StandinOptions
        {
            DbPort = pg.Port, DbName = db, Generation = "0.16",
            ExtraEnv = new Dictionary<string, string> { ["STALWART_API_KEY"] = "tailwart:lab-key-secret" },
        });
        var bearer = "Bearer API_" + Convert.ToBase64String("tailwart:lab-key-secret"u8.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        const string body = "{\"using\":[\"urn:ietf:params:jmap:core\",\"urn:stalwart:jmap\"],\"methodCalls\":["
            + "[\"x:AllowedIp/set\",{\"create\":{\"a\":{\"address\":\"203.0.113.0/24\"}}},\"c1\"],"
            + "[\"x:Action/set\",{\"create\":{\"r\":{\"@type\":\"ReloadSettings\"}}},\"c2\"]]}";

        // when X's network is allow-listed through JMAP with the bearer key, then X sends garbage twice
        var wrong = await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "POST", "/jmap", "Bearer API_nope", body);
        var set = await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "POST", "/jmap", bearer, body);
        await WireClient.SmtpAsync(standin.Ports.Smtp, ClientX, null, "GARBAGE");
        var again = await WireClient.SmtpAsync(standin.Ports.Smtp, ClientX, null, "GARBAGE", "QUIT");

        // then a wrong key is 401, the right one works, and X is still served
        Assert.Equal(401, wrong!.Status);
        Assert.Equal(200, set!.Status);
        Assert.NotNull(JsonNode.Parse(set.Body)!["methodResponses"]![0]![1]!["created"]!["a"]);
        Assert.Equal("221 2.0.0 Bye.", again[^1]);
        Assert.DoesNotContain(standin.Lines, l => l.Contains("(security.scan-ban)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_015_allow_listing_a_banned_address_does_not_lift_its_ban_and_a_network_ban_needs_the_full_reload()
    {
        // given X banned by a garbage SMTP line and Y's /24 banned in the store (0.15: networks live in the core config)
        await using var standin = await StartAsync("0.15");
        await WireClient.SmtpAsync(standin.Ports.Smtp, ClientX, null, "GARBAGE");
        await standin.WaitForAsync(l => l.Contains("(security.scan-ban) remoteIp = 203.0.113.7", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        var insert = "[{\"type\":\"insert\",\"prefix\":null,\"values\":[[\"server.allowed-ip.203.0.113.7\",\"\"],[\"server.blocked-ip.198.51.100.0/24\",\"\"]],\"assert_empty\":false}]";
        Assert.Equal(200, (await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "POST", "/api/settings", Admin, insert))!.Status);

        // when only the blocked-ip reload runs, then the full reload
        var partial = await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "GET", "/api/reload/server.blocked-ip", Admin);
        var yAfterPartial = await WireClient.SmtpAsync(standin.Ports.Smtp, ClientY, null, "QUIT");
        var full = await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "GET", "/api/reload", Admin);
        var yAfterFull = await WireClient.SmtpAsync(standin.Ports.Smtp, ClientY, null, "QUIT");
        var xAfterFull = await WireClient.SmtpAsync(standin.Ports.Smtp, ClientX, null, "QUIT");

        // then the network ban took effect only with the full reload, and X, allow-listed and applied, is still turned away
        Assert.Empty(JsonNode.Parse(partial!.Body)!["data"]!["errors"]!.AsObject());
        Assert.Equal("221 2.0.0 Bye.", yAfterPartial[^1]);
        Assert.Empty(JsonNode.Parse(full!.Body)!["data"]!["errors"]!.AsObject());
        Assert.Equal(["(closed)"], yAfterFull);
        Assert.Equal(["(closed)"], xAfterFull);
    }

    private static async Task<JsonNode> Jmap(StandinProcess standin, string body)
    {
        var reply = await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "POST", "/jmap", Admin, body);
        Assert.Equal(200, reply!.Status);
        return JsonNode.Parse(reply.Body)!;
    }

    [Fact]
    public async Task With_api_hang_the_admin_listener_accepts_and_never_answers_while_mail_still_works()
    {
        // given
        await using var standin = await StartAsync();
        standin.ControlFile("api-hang", present: true);

        // when
        var (_, stream) = await WireClient.ConnectAsync(IPAddress.Loopback, IPAddress.Loopback, standin.Ports.Http, null);
        await using (stream)
        {
            await stream.WriteAsync("GET /healthz/live HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
            var buffer = new byte[64];
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var read = stream.ReadAsync(buffer, cts.Token).AsTask();

            // then nothing comes back within the wait, and the connection is still open
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        }
        var mail = await WireClient.SmtpAsync(standin.Ports.Smtp, ClientY, null, "QUIT");
        Assert.Equal("221 2.0.0 Bye.", mail[^1]);

        // and removing the control file restores answers
        standin.ControlFile("api-hang", present: false);
        Assert.Equal(200, (await WireClient.HttpAsync(IPAddress.Loopback, standin.Ports.Http, "GET", "/healthz/live"))!.Status);
    }
}
