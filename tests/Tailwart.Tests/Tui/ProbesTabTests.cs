using Microsoft.Extensions.Time.Testing;
using Tailwart.Cli;
using Tailwart.Core.Guards;
using Tailwart.Core.KeyTest;
using Tailwart.Core.Logs;
using Tailwart.Core.Probes;
using Tailwart.Core.Secrets;
using Tailwart.Core.State;
using Tailwart.Core.Tls;
using Tailwart.Tests.Support;
using Tailwart.Tui;
using Terminal.Gui.Input;

namespace Tailwart.Tests.Tui;

/// <summary>The Probes tab: probes and the key test through Core's guards, the masked key form, read-only.</summary>
[Collection(TuiTestGroup.Name)]
public sealed class ProbesTabTests : IDisposable
{
    // Letters the window uses as keys elsewhere (k, p, u, a, F, ?), to show the form, not the window, takes them.
    private const string CanaryKey = "kpuaF7canaryKEY";
    private const string CanarySecret = "pkFsecret9CANARY";
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();
    private readonly FakeTimeProvider _time = new(T0);

    public void Dispose() => _dir.Dispose();

    private BudgetGuard Guard(string ledger, int seconds) => new(new ActionLedger(Path.Combine(_dir.Path, ledger), _time), TimeSpan.FromSeconds(seconds));

    private static KeyTestResult Rejected() =>
        new(401, false, "key rejected", "401 Unauthorized: the key or secret is wrong, or the key is restricted to other IPs.", "application.unauthorized", null, TimeSpan.FromMilliseconds(42));

    [Fact]
    public void The_key_test_asks_for_key_and_secret_in_masked_fields_that_never_show_what_is_typed()
    {
        // given: tailwart.json's key reference does not resolve
        KeyTestCredentials? received = null;
        string? revealed = null;
        var backend = new TuiBackend(new LogRingBuffer(100, 1 << 16))
        {
            ConfiguredKeyTestCredentials = () => throw new SecretUnavailableException("$.spaceship.apiKey", "environment variable SPACESHIP_API_KEY is not set (or empty)."),
            KeyTest = (credentials, _) =>
            {
                received = credentials;
                revealed = credentials.Key.Reveal() + "|" + credentials.Secret.Reveal();
                return Task.FromResult(Rejected());
            },
        };
        using var tui = new TuiHarness(backend: backend);
        tui.Window.RunCommand("probes");

        // when: k opens the form and the key and secret are typed
        tui.Press(new Key('k'));
        string asked = tui.Screen();
        tui.Type(CanaryKey);
        tui.Press(Key.Enter);
        tui.Type(CanarySecret);
        string typing = tui.Screen();
        tui.Press(Key.Enter);
        tui.WaitFor(() => !tui.Window.Probes.IsRunning, "the key test's answer");
        string answered = tui.Screen();

        // then: the form said why it asks; only asterisks ever reached the screen ...
        Assert.Contains("SPACESHIP_API_KEY is not set", asked, StringComparison.Ordinal);
        Assert.Contains("API secret:", asked, StringComparison.Ordinal);
        Assert.Contains("API key:     " + new string('∙', CanaryKey.Length), typing, StringComparison.Ordinal);
        Assert.Contains("API secret:  " + new string('∙', CanarySecret.Length), typing, StringComparison.Ordinal);
        foreach (string screen in new[] { asked, typing, answered, tui.Window.MessageText })
        {
            Assert.DoesNotContain(CanaryKey, screen, StringComparison.Ordinal);
            Assert.DoesNotContain(CanarySecret, screen, StringComparison.Ordinal);
        }
        // ... exactly what was typed went to one key test, and the form let go of it
        Assert.Equal($"{CanaryKey}|{CanarySecret}", revealed);
        Assert.Equal("********", received!.Secret.ToString());
        Assert.False(tui.Window.KeyTestView.Visible);
        Assert.True(tui.Window.KeyTestView.IsEmpty);
        // and the answer is explained, with lesson 2's reminder
        Assert.Contains("key rejected [401] in 42 ms", answered, StringComparison.Ordinal);
        Assert.Contains("the key you typed", answered, StringComparison.Ordinal);
        Assert.Contains("blank in Stalwart's admin UI is not evidence that it is unset", answered, StringComparison.Ordinal);
    }

    [Fact]
    public void Esc_closes_the_key_form_empties_it_and_runs_nothing()
    {
        int runs = 0;
        var backend = new TuiBackend(new LogRingBuffer(100, 1 << 16))
        {
            ConfiguredKeyTestCredentials = () => throw new SecretUnavailableException("$.spaceship.apiKey", "not set"),
            KeyTest = (_, _) => Task.FromResult(Rejected() with { Verdict = $"ran {++runs}" }),
        };
        using var tui = new TuiHarness(backend: backend);
        tui.Window.RunCommand("key-test");

        tui.Type(CanaryKey);
        tui.Press(Key.Esc);

        Assert.False(tui.Window.KeyTestView.Visible);
        Assert.True(tui.Window.KeyTestView.IsEmpty);
        Assert.Equal(0, runs);
        Assert.DoesNotContain(CanaryKey, tui.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_key_test_within_its_budget_is_refused_with_the_time_the_next_is_allowed()
    {
        // given: the key test's real guard (one per 10 s) and configured credentials
        var guard = Guard("key-test-ledger.json", 10);
        int sent = 0;
        var backend = new TuiBackend(new LogRingBuffer(100, 1 << 16))
        {
            ConfiguredKeyTestCredentials = () => new KeyTestCredentials(new Secret("k"), new Secret("s")),
            KeyTest = (c, ct) => guard.RunAsync(SpaceshipKeyTester.LedgerKey, "Spaceship key test", _ =>
            {
                sent++;
                return Task.FromResult(new KeyTestResult(200, true, "key good", "The key and secret are valid.", null, null, TimeSpan.FromMilliseconds(7)));
            }, ct),
        };
        using var tui = new TuiHarness(backend: backend);
        tui.Window.RunCommand("probes");

        // when
        tui.Press(new Key('k'));
        tui.WaitFor(() => !tui.Window.Probes.IsRunning, "the first key test");
        string first = tui.Screen();
        _time.Advance(TimeSpan.FromSeconds(4));
        tui.Press(new Key('k'));
        tui.WaitFor(() => !tui.Window.Probes.IsRunning, "the refusal");

        // then: no form (the key came from tailwart.json), one request, and the refusal names the next time
        Assert.Contains("the key from tailwart.json", first, StringComparison.Ordinal);
        Assert.Equal(1, sent);
        Assert.Contains("Spaceship key test refused: budget, next at 03:00:10Z", tui.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_budget_would_refuse_the_key_form_does_not_open_and_says_when_to_come_back()
    {
        // given: no configured key, and a key test (the CLI's, say) spent the budget 4 s ago
        var guard = Guard("key-test-ledger.json", 10);
        await guard.RunAsync(SpaceshipKeyTester.LedgerKey, "Spaceship key test", _ => Task.FromResult(0));
        _time.Advance(TimeSpan.FromSeconds(4));
        int runs = 0;
        var backend = new TuiBackend(new LogRingBuffer(100, 1 << 16))
        {
            ConfiguredKeyTestCredentials = () => throw new SecretUnavailableException("$.spaceship.apiKey", "not set"),
            KeyTest = (_, _) => Task.FromResult(Rejected() with { Verdict = $"ran {++runs}" }),
            KeyTestRefusedUntil = () => guard.RefusedUntil(SpaceshipKeyTester.LedgerKey),
        };
        using var tui = new TuiHarness(backend: backend);

        // when
        tui.Window.RunCommand("key-test");

        // then: nothing to type, nothing run, and the time the next test is allowed
        Assert.False(tui.Window.KeyTestView.Visible);
        Assert.Equal(0, runs);
        Assert.Contains("Spaceship key test refused: budget, next at 03:00:10Z", tui.Window.MessageText, StringComparison.Ordinal);

        // and once the budget allows one, the form opens
        _time.Advance(TimeSpan.FromSeconds(6));
        tui.Window.RunCommand("key-test");
        Assert.True(tui.Window.KeyTestView.Visible);
    }

    [Fact]
    public void Probes_show_each_path_apart_with_banner_latency_fingerprint_and_ban_and_the_budget_refuses_a_rerun()
    {
        // given: the probe budget's real guard (60 s) in front of a prober that answers per path and port
        var guard = Guard("probe-ledger.json", 60);
        var cert = new ServedCertificate("CN=" + ServedCertificate.FallbackCommonName, "CN=" + ServedCertificate.FallbackCommonName, [], T0, T0.AddYears(1), "ECDSA P-256", "ab12cd34ef56ab12cd34ef56ab12cd34", [], null);
        int probed = 0;
        var backend = new TuiBackend(new LogRingBuffer(100, 1 << 16))
        {
            ProbePaths = ["edge", "netns"],
            EdgeProbeWarnings = _ => Task.FromResult<IReadOnlyList<string>>(["Stalwart's allow-list lacks 203.0.113.7"]),
            Probe = (path, port, ct) => guard.RunAsync(ProbeService.KeyOf(path, "h", port), $"probe of h:{port} ({path})", _ =>
            {
                probed++;
                return Task.FromResult(path == "edge"
                    ? new ProbeResult(path, "mail.example.org", port, ProbeProtocol.Smtp, true, TimeSpan.FromMilliseconds(3.2), null, null, true, "accepted, then closed")
                    : port == 465
                        ? new ProbeResult(path, "127.0.0.1", port, ProbeProtocol.SmtpImplicitTls, true, TimeSpan.FromMilliseconds(8), "220 mail ESMTP", cert, false, "220 mail ESMTP; QUIT 221")
                        : new ProbeResult(path, "127.0.0.1", port, ProbeProtocol.Smtp, true, TimeSpan.FromMilliseconds(1.5), "220 mail ESMTP", null, false, "220 mail ESMTP; EHLO 250; QUIT 221"));
            }, ct),
        };
        using var tui = new TuiHarness(backend: backend);

        // when: ports 25 and 465 over both paths, then the same again at once
        tui.Window.RunCommand("probe 25 465");
        tui.WaitFor(() => !tui.Window.Probes.IsRunning, "the probes");
        string first = tui.Window.Probes.BodyText;
        string screen = tui.Screen();
        tui.Window.RunCommand("probe 25 netns");
        tui.WaitFor(() => !tui.Window.Probes.IsRunning, "the refusal");

        // then: the edge block first (with the allow-list warning), then the netns block; each probe once
        Assert.Equal(4, probed);
        Assert.True(first.IndexOf("through the edge", StringComparison.Ordinal) < first.IndexOf("inside the sidecar", StringComparison.Ordinal), first);
        Assert.Contains("! Stalwart's allow-list lacks 203.0.113.7", first, StringComparison.Ordinal);
        Assert.Contains("25    BANNED", first, StringComparison.Ordinal);
        Assert.Contains("Stalwart's answer to a banned client IP (lesson 3", first, StringComparison.Ordinal);
        Assert.Contains("25    ok              1.5 ms  127.0.0.1  220 mail ESMTP; EHLO 250; QUIT 221", first, StringComparison.Ordinal);
        Assert.Contains("sha256 ab12cd34ef56ab12… · Stalwart's self-signed fallback", first, StringComparison.Ordinal);
        Assert.Contains("Probes", screen, StringComparison.Ordinal);
        // and the rerun was refused by the guard, saying when the next probe is allowed, without probing
        Assert.Contains("25    refused: budget, next at 03:01:00Z", tui.Window.Probes.BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain("through the edge", tui.Window.Probes.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_only_refuses_probes_and_the_key_test_and_a_bad_port_is_explained()
    {
        int calls = 0;
        var backend = new TuiBackend(new LogRingBuffer(100, 1 << 16))
        {
            ProbePaths = ["edge", "netns"],
            Probe = (_, _, _) => { calls++; throw new InvalidOperationException("must not probe"); },
            ConfiguredKeyTestCredentials = () => { calls++; throw new InvalidOperationException("must not resolve"); },
            KeyTest = (_, _) => { calls++; throw new InvalidOperationException("must not test"); },
        };
        using var readOnly = new TuiHarness(readOnly: true, backend: backend);
        readOnly.Window.RunCommand("probes");

        readOnly.Press(Key.F5);
        string probe = readOnly.Window.MessageText;
        readOnly.Press(new Key('k'));
        string keyTest = readOnly.Window.MessageText;

        Assert.Equal("read-only: probe was refused (tailwart was started with --read-only)", probe);
        Assert.Equal("read-only: the key test was refused (tailwart was started with --read-only)", keyTest);
        Assert.False(readOnly.Window.KeyTestView.Visible);
        Assert.Equal(0, calls);

        using var tui = new TuiHarness(backend: backend);
        tui.Window.RunCommand("probe 26");
        Assert.Contains("'26' is not a port or path tailwart probes", tui.Window.MessageText, StringComparison.Ordinal);
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task The_tuis_probe_uses_the_clis_persisted_ledger_so_a_cli_probe_moments_ago_refuses_it()
    {
        // given: the CLI's ledger under the same state directory recorded a probe of the edge's port 25 just now
        var env = new Dictionary<string, string> { ["XDG_STATE_HOME"] = _dir.Path, ["HOME"] = _dir.Path };
        var config = new Tailwart.Core.Config.ConfigLoader(() => []).Load(RepoPaths.File("tailwart.json")).Config!;
        var cliLedger = ActionLedger.InState(StatePaths.FromEnvironment(k => env.TryGetValue(k, out string? v) ? v : null), ProbeService.LedgerFile, TimeProvider.System);
        Assert.True(cliLedger.TryTake(ProbeService.KeyOf("edge", config.Edge.PublicHostname, 25), TimeSpan.FromSeconds(60)).Granted);
        TuiBackend? backend = null;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = await TailwartCli.RunAsync(["--config", RepoPaths.File("tailwart.json")], new CliEnvironment(stdout, stderr, env, _dir.Path, IsTerminal: true), (_, b) =>
        {
            backend = b;
            return 0;
        });

        // when: the TUI's backend is asked for that probe
        var refused = await Assert.ThrowsAsync<GuardRefusedException>(() => backend!.Probe!("edge", 25, CancellationToken.None));

        // then: refused at once by the shared budget (nothing was dialled), and both paths are offered
        Assert.Equal(0, code);
        Assert.Contains("the last one ran at", refused.Why, StringComparison.Ordinal);
        Assert.Equal(["edge", "netns"], backend!.ProbePaths);
    }
}
