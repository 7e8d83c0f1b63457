using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Tailwart.Cli;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Cli;

/// <summary>
/// SIGTERM and SIGHUP stop a real tailwart process the way Ctrl-C does: the verb in progress
/// (`up` waiting on dockerd, `bans flush` waiting on Stalwart's API, both stand-ins on this
/// machine that accept and never answer) stops, an audit line records the signal and the verb,
/// and the exit code is 143 / 129.
/// </summary>
public sealed class ShutdownSignalsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Only_the_first_signal_is_taken_so_a_second_one_terminates()
    {
        // not installed: the test host's own signal handling stays as it is
        using var signals = new ShutdownSignals();
        Assert.True(signals.Signal(PosixSignal.SIGHUP));
        Assert.False(signals.Signal(PosixSignal.SIGTERM));
        Assert.Equal(PosixSignal.SIGHUP, signals.Received);
        Assert.True(signals.Token.IsCancellationRequested);
    }

    [Theory]
    [InlineData(PosixSignal.SIGTERM, 143)]
    [InlineData(PosixSignal.SIGHUP, 129)]
    [InlineData(PosixSignal.SIGINT, 130)]
    public void Exit_codes_are_128_plus_the_signal_number(PosixSignal signal, int code) =>
        Assert.Equal(code, ShutdownSignals.ExitCodeFor(signal));

    [Theory]
    [InlineData("TERM", 143, "SIGTERM")]
    [InlineData("HUP", 129, "SIGHUP")]
    public async Task A_signal_during_up_stops_it_with_the_signals_exit_code_and_an_audit_line(string signal, int code, string name)
    {
        // given: a dockerd stand-in that accepts and never answers, so up waits in its Docker check
        string socketPath = Path.Combine(_dir.Path, "docker.sock");
        using var docker = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        docker.Bind(new UnixDomainSocketEndPoint(socketPath));
        docker.Listen(8);
        string config = _dir.Write("c.json", Configs.Valid());

        // when
        var run = await RunUntilAcceptedThenSignalAsync(["--config", config, "up"], socketPath, docker.AcceptAsync, signal);

        // then
        Assert.True(run.Code == code, $"exit {run.Code}: {run.Error}");
        Assert.Contains($"{name}: up interrupted", run.Error, StringComparison.Ordinal);
        string audit = AuditText();
        Assert.Contains($"signal {name} during `tailwart up`: stopped at a safe point", audit, StringComparison.Ordinal);
        Assert.Contains($"(exit {code})", audit, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TERM", 143, "SIGTERM")]
    [InlineData("HUP", 129, "SIGHUP")]
    public async Task A_signal_during_bans_flush_stops_it_with_the_signals_exit_code_and_an_audit_line(string signal, int code, string name)
    {
        // given: Stalwart's admin API stand-in accepts and never answers; dockerd's socket is there
        using var api = new TcpListener(IPAddress.Loopback, 0);
        api.Start();
        string socketPath = Path.Combine(_dir.Path, "docker.sock");
        using var docker = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        docker.Bind(new UnixDomainSocketEndPoint(socketPath));
        docker.Listen(8);
        string config = _dir.Write("c.json", Configs.Valid(root =>
        {
            root["stalwart"]!["adminUrl"] = $"http://127.0.0.1:{((IPEndPoint)api.LocalEndpoint).Port}";
            root["edge"]!["wanIp"] = "203.0.113.7";
        }));

        // when
        var run = await RunUntilAcceptedThenSignalAsync(["--config", config, "bans", "flush", "--yes", "--json"], socketPath,
            async ct => (await api.AcceptSocketAsync(ct)), signal);

        // then
        Assert.True(run.Code == code, $"exit {run.Code}: {run.Error}");
        Assert.Contains($"{name}: bans flush interrupted", run.Error, StringComparison.Ordinal);
        Assert.Contains($"signal {name} during `tailwart bans flush`: stopped at a safe point", AuditText(), StringComparison.Ordinal);
    }

    private string AuditText()
    {
        string path = Path.Combine(_dir.Path, "state", "tailwart", "audit.log");
        return File.Exists(path) ? File.ReadAllText(path) : "(no audit.log)";
    }

    private async Task<(int Code, string Error)> RunUntilAcceptedThenSignalAsync(string[] args, string socketPath, Func<CancellationToken, ValueTask<Socket>> accept, string signal)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tailwart.dll"));
        foreach (string a in args)
            start.ArgumentList.Add(a);
        foreach (var (k, v) in Configs.SecretEnvironment)
            start.Environment[k] = v;
        start.Environment["HOME"] = _dir.Path;
        start.Environment["XDG_STATE_HOME"] = Path.Combine(_dir.Path, "state");
        start.Environment["TAILWART_BOX_STATE_DIR"] = Path.Combine(_dir.Path, "box");
        start.Environment["DOCKER_HOST"] = "unix://" + socketPath;
        using var process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            using Socket held = await accept(deadline.Token); // the verb is now waiting on the stand-in
            using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException("tailwart did not reach the stand-in or did not stop: " + await stderr + await stdout);
        }
        return (process.ExitCode, await stderr + await stdout);
    }

}
