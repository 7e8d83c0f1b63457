using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;
using Tailwart.Core.Netns;

namespace Tailwart.Core.BringUp;

/// <summary>
/// Lesson 1's gate: proves the Postgres route from inside the sidecar's netns, escalating name →
/// TCP → PostgreSQL protocol → login + <c>SELECT 1</c> with Stalwart's own store credentials. A
/// reachable port is not enough (an impostor or a half-up tailnet accepts too); only a login is.
/// </summary>
/// <param name="watchEvery">In the gate's watching checks: the pace of <see cref="RouteReturnWatch"/>'s fresh connects.</param>
/// <param name="watchWindow">How long one check watches before it reports the route still down (10 s).</param>
internal sealed class RouteVerifier(
    Func<CancellationToken, Task<NetnsConnector>> connectorFactory,
    PostgresTarget target,
    TimeProvider? time = null,
    TimeSpan? watchEvery = null,
    TimeSpan? watchWindow = null) : IRouteVerifier
{
    /// <summary>
    /// The default pace of the return watch: a new SYN 10 times a second, to one address, only while
    /// nothing answers (at most 30 in flight with nc's 3 s bound). Halving the pace from 200 ms halves
    /// the mean wait between the route's return and the SYN that sees it (~100 → ~50 ms); bare SYNs
    /// spend no login and leave no PostgreSQL log line, so they trip no auth-rate limit.
    /// </summary>
    public static readonly TimeSpan DefaultWatchEvery = TimeSpan.FromMilliseconds(100);

    // PostgreSQL's SSLRequest: length 8, code 80877103. A server answers exactly one byte, 'S' or 'N';
    // anything else on the port is not PostgreSQL. It costs no login attempt and no log line on the server.
    private static readonly byte[] SslRequest = [0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F];
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly TimeSpan _watchEvery = watchEvery ?? DefaultWatchEvery;
    private readonly TimeSpan _watchWindow = watchWindow ?? TimeSpan.FromSeconds(10);
    private volatile bool _watches; // the last watching check could make sockets in the netns
    private volatile IPAddress? _reached; // the address the last watching check logged in to, over a netns socket
    private volatile Task<RouteCheck>? _nameProof; // the check by the name begun when that check's watch saw the answer
    private long _answeredAt; // when that check's watch saw the answer (a TimeProvider timestamp; 0: it did not)

    /// <inheritdoc/>
    public bool WatchesForReturn => _watches;

    /// <inheritdoc/>
    public bool ConfirmsByAddress => _watches && _reached is not null;

    /// <inheritdoc/>
    public Task<RouteCheck>? NameProof => ConfirmsByAddress ? _nameProof : null;

    /// <inheritdoc/>
    public long? AnsweredAt => ConfirmsByAddress && Volatile.Read(ref _answeredAt) is var at and not 0 ? at : null;

    /// <inheritdoc/>
    public Task<RouteCheck> ConfirmAsync(CancellationToken ct = default) =>
        _reached is { } address && _watches ? VerifyAtAsync(address, ct) : VerifyAsync(watch: false, ct);

    public Task<RouteCheck> VerifyAsync(CancellationToken ct = default) => VerifyAsync(watch: false, ct);

    public Task<RouteCheck> VerifyWatchingAsync(CancellationToken ct = default) => VerifyAsync(watch: true, ct);

    private async Task<RouteCheck> VerifyAsync(bool watch, CancellationToken ct)
    {
        if (watch)
            LoginWarmUp.Begin(target); // the gate's login is on the release path: its first-use costs are paid while the route is watched
        long started = _time.GetTimestamp();
        TimeSpan Elapsed() => _time.GetElapsedTime(started);
        NetnsConnector connector;
        try
        {
            connector = await connectorFactory(ct).ConfigureAwait(false);
        }
        catch (UserFacingException e)
        {
            return new RouteCheck(RouteLevel.None, RouteFailure.SidecarUnavailable, e.Message, Elapsed());
        }

        try
        {
            if (watch)
                _watches = connector.CanConnectDirectly;
            return await CheckAsync(connector, watch, Elapsed, ct).ConfigureAwait(false);
        }
        catch (NetnsUnavailableException e)
        {
            return new RouteCheck(RouteLevel.None, RouteFailure.SidecarUnavailable, e.Message, Elapsed());
        }
    }

    private async Task<RouteCheck> ProveNameAsync()
    {
        using var bound = new CancellationTokenSource(NameProofBound, _time);
        return await VerifyAsync(watch: false, bound.Token).ConfigureAwait(false);
    }

    /// <summary>The bound of the check by the name that runs beside the hold (nc's connect and the login are bounded well within it).</summary>
    private static readonly TimeSpan NameProofBound = TimeSpan.FromSeconds(15);

    /// <summary>The login ladder to <paramref name="address"/> over a netns socket (the hold's confirming check).</summary>
    private async Task<RouteCheck> VerifyAtAsync(IPAddress address, CancellationToken ct)
    {
        long started = _time.GetTimestamp();
        TimeSpan Elapsed() => _time.GetElapsedTime(started);
        try
        {
            var connector = await connectorFactory(ct).ConfigureAwait(false);
            return await LoginLadderAsync(connector, address, Elapsed, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is UserFacingException or NetnsUnavailableException)
        {
            return new RouteCheck(RouteLevel.None, RouteFailure.SidecarUnavailable, e.Message, Elapsed());
        }
    }

    private async Task<RouteCheck> CheckAsync(NetnsConnector connector, bool watch, Func<TimeSpan> elapsed, CancellationToken ct)
    {
        // The gate's check watches first: fresh connects (no exec each) instead of one nc riding its
        // SYN retransmits, so "down" means down at every interval of the window, and only an answer
        // earns the login below.
        IPAddress? answered = null;
        string? unwatched = null; // why a gate's check could not watch: said with its failure
        if (watch)
        {
            _reached = null; // until this check logs in again
            _nameProof = null;
            Volatile.Write(ref _answeredAt, 0);
        }
        if (watch && !connector.CanConnectDirectly)
            unwatched = connector.FastPathUnavailableBecause;
        else if (watch)
        {
            var (stillDown, address, whyNot) = await WatchAsync(connector, ct).ConfigureAwait(false);
            if (stillDown is not null)
                return stillDown with { Elapsed = elapsed() };
            answered = address;
            unwatched = whyNot;
            if (address is not null)
                Volatile.Write(ref _answeredAt, _time.GetTimestamp());
            // The name is proven by a check by the name (nc through the sidecar's resolver, ~0.4 s of
            // exec set-up), begun now beside the login so that it is over by the end of the hold
            // instead of lengthening it. Bounded by nc's own timeouts and by this bound; the gate
            // waits for it only if the login below verifies.
            if (address is not null)
                _nameProof = ProveNameAsync();
        }
        var check = await LoginLadderAsync(connector, answered, elapsed, ct).ConfigureAwait(false);
        if (watch)
            _reached = check.IsVerified ? answered : null;
        return check.IsVerified || unwatched is null ? check : check with { Evidence = $"{check.Evidence} (not watched with fresh connects: {unwatched})" };
    }

    private async Task<RouteCheck> LoginLadderAsync(NetnsConnector connector, IPAddress? answered, Func<TimeSpan> elapsed, CancellationToken ct)
    {

        // One pipe for Npgsql's own SSLRequest (SslMode=Prefer), the login and SELECT 1. Right after
        // the watch saw the route answer, it goes to the address the sidecar just resolved the name
        // to, over a setns socket: no exec set-up (~0.3–0.4 s here) between the route's return and
        // the release. Otherwise (the hold's confirming checks, the doctor, no setns) by the name,
        // through one nc in the netns: one exec set-up instead of three.
        var (login, ncError) = await LoginAsync(connector, answered, ct).ConfigureAwait(false);
        if (login.IsVerified || login.Failure is RouteFailure.LoginRejected or RouteFailure.DatabaseMissing)
            return login with { Elapsed = elapsed() };
        // nc said why it could not connect (bad address, refused, timed out): that is the verdict.
        if (ncError is not null && Classify(ncError, Where, WaitSeconds(connector)) is var (lvl, f, why) && f is not (RouteFailure.NotPostgres or RouteFailure.Other))
            return new RouteCheck(lvl, f, why, elapsed());

        // Otherwise climb the ladder to name what is wrong: 1. the name (busybox's nslookup may
        // ignore the search domain, so a miss is only a hint), 2 + 3. TCP and protocol.
        string? addresses = await ResolveAsync(connector, ct).ConfigureAwait(false);
        var (level, failure, evidence) = await ProbeProtocolAsync(connector, ct).ConfigureAwait(false);
        if (addresses is not null)
            evidence = $"{target.Host} → {addresses}; {evidence}";
        if (failure is not null)
            return new RouteCheck(level, failure, evidence, elapsed());
        // the port speaks PostgreSQL (now), yet the login failed: its own reason is the verdict
        return login with { Evidence = $"{evidence}; {login.Evidence}", Elapsed = elapsed() };
    }

    /// <summary>
    /// The return watch for one window: (null, the address that answered) when the route answered,
    /// (null, null, why) when it cannot be watched (the name does not resolve in the netns, no socket
    /// can be made there), so the full check runs; else the NoAnswer check that says how many
    /// connects went unanswered.
    /// </summary>
    private async Task<(RouteCheck? StillDown, IPAddress? Answered, string? WhyNot)> WatchAsync(NetnsConnector connector, CancellationToken ct)
    {
        // The address the sidecar resolves the name to now (a literal as is): the name is proven by
        // this lookup in the netns, the address by the login that follows an answer.
        IPAddress? address = IPAddress.TryParse(target.Host, out var literal) ? literal
            : await ResolveAsync(connector, ct).ConfigureAwait(false) is { } found && IPAddress.TryParse(found.Split(", ")[0], out var first) ? first : null;
        if (address is null)
            return (null, null, $"{target.Host} did not resolve with nslookup in the netns");
        // each connect may wait out its SYN retransmits for up to nc's own bound; the window is
        // longer, so the watch's own gaps (a docker inspect and an nslookup between windows) are rare
        var watched = await RouteReturnWatch.WaitAsync(
            (timeout, token) => connector.TryConnectAsync(address, target.Port, timeout < connector.ConnectTimeout ? timeout : connector.ConnectTimeout, token),
            _watchWindow, _watchEvery, _time, ct).ConfigureAwait(false);
        if (watched.Answered)
            return (null, address, null);
        if (watched.LastError == SocketError.SocketError)
            return (null, null, "no socket could be made in the netns");
        string why = watched.LastError is SocketError.HostUnreachable or SocketError.NetworkUnreachable ? $"no route ({watched.LastError})" : "no answer (blackholed?)";
        return (new RouteCheck(RouteLevel.NameResolved, RouteFailure.NoAnswer,
            $"{why} from {Where} ({address}) within {_watchWindow.TotalSeconds:0} s: {watched.Connects} fresh connects from the sidecar's netns, one every {_watchEvery.TotalMilliseconds:0} ms, none answered",
            TimeSpan.Zero), null, null);
    }

    private async Task<string?> ResolveAsync(NetnsConnector connector, CancellationToken ct)
    {
        var result = await connector.ExecAsync(["nslookup", target.Host], connector.ConnectTimeout, ct).ConfigureAwait(false);
        if (!result.Succeeded)
            return null;
        var addresses = NslookupOutput.Addresses(result.StandardOutput);
        return addresses.Count == 0 ? null : string.Join(", ", addresses);
    }

    private string Where => $"{target.Host}:{target.Port}";

    private static int WaitSeconds(NetnsConnector connector) => (int)Math.Ceiling(connector.ConnectTimeout.TotalSeconds);

    private async Task<(RouteLevel, RouteFailure?, string)> ProbeProtocolAsync(NetnsConnector connector, CancellationToken ct)
    {
        string where = Where;
        int wait = WaitSeconds(connector);
        await using var stream = await connector.ConnectAsync(target.Host, target.Port, ct).ConfigureAwait(false);
        await stream.WriteAsync(SslRequest, ct).ConfigureAwait(false);
        byte[] answer = new byte[64];
        int n;
        // nc's -w fires first on a blackhole (it exits with "timed out"); our bound is a little longer
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            cts.CancelAfter(connector.ConnectTimeout + TimeSpan.FromSeconds(2));
            try
            {
                n = await stream.ReadAsync(answer, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // nc is still connected but the peer said nothing to an SSLRequest
                return (RouteLevel.TcpConnected, RouteFailure.NotPostgres,
                    $"port open but not PostgreSQL: {where} accepted the connection but did not answer a PostgreSQL SSLRequest within {wait + 2} s");
            }
        }
        if (n == 0)
        {
            if (stream.StandardError.Trim().Length == 0)
            {
                // EOF without a word from nc: either the peer closed (not PostgreSQL) or nc itself was
                // killed (the sidecar stopping under us); only the exit code tells them apart
                long? code = await connector.ExitCodeAsync(stream.ExecId, ct).ConfigureAwait(false);
                if (code is not null and not 0)
                    return (RouteLevel.None, RouteFailure.SidecarUnavailable, $"nc in the sidecar ended with exit code {code} before {where} answered (is the sidecar stopping?)");
            }
            return Classify(stream.StandardError, where, wait);
        }
        if (n == 1 && answer[0] is (byte)'S' or (byte)'N')
            return (RouteLevel.SpeaksPostgres, null, $"{where} answered a PostgreSQL SSLRequest ('{(char)answer[0]}')");
        return (RouteLevel.TcpConnected, RouteFailure.NotPostgres,
            $"port open but not PostgreSQL: {where} answered a PostgreSQL SSLRequest with \"{Printable(answer.AsSpan(0, n))}\"");
    }

    /// <summary>nc ended without a byte from the peer: its stderr says why (busybox wording).</summary>
    internal static (RouteLevel, RouteFailure?, string) Classify(string stderr, string where, int waitSeconds)
    {
        string e = stderr.Trim();
        if (e.Contains("bad address", StringComparison.OrdinalIgnoreCase) || e.Contains("resolve", StringComparison.OrdinalIgnoreCase)
            || e.Contains("Name or service not known", StringComparison.OrdinalIgnoreCase))
            return (RouteLevel.None, RouteFailure.NameDoesNotResolve, $"name does not resolve in the sidecar's netns: {where.Split(':')[0]} ({e})");
        if (e.Contains("refused", StringComparison.OrdinalIgnoreCase))
            return (RouteLevel.NameResolved, RouteFailure.ConnectionRefused, $"connection refused: nothing listens on {where} ({e})");
        if (e.Contains("timed out", StringComparison.OrdinalIgnoreCase) || e.Contains("timeout", StringComparison.OrdinalIgnoreCase))
            return (RouteLevel.NameResolved, RouteFailure.NoAnswer, $"no answer (blackholed?) from {where} within {waitSeconds} s");
        if (e.Contains("unreachable", StringComparison.OrdinalIgnoreCase))
            return (RouteLevel.NameResolved, RouteFailure.NoAnswer, $"no route to {where} ({e})");
        if (e.Length == 0)
            return (RouteLevel.TcpConnected, RouteFailure.NotPostgres, $"port open but not PostgreSQL: {where} closed the connection without answering a PostgreSQL SSLRequest");
        return (RouteLevel.NameResolved, RouteFailure.Other, $"cannot connect to {where}: {e}");
    }

    /// <summary>A login + SELECT 1 through one netns pipe; with it, what nc reported when the pipe failed.</summary>
    /// <param name="viaAddress">Log in to this address (just resolved from the name in the netns) over a setns socket; null: by the name, through nc.</param>
    private async Task<(RouteCheck Check, string? NcError)> LoginAsync(NetnsConnector connector, IPAddress? viaAddress, CancellationToken ct)
    {
        int seconds = Math.Max(2, WaitSeconds(connector) + 2);
        string via = viaAddress is null ? "" : $" (by its address {viaAddress}, which the name resolved to in the netns)";
        await using var endpoint = await connector.OpenAsync(viaAddress?.ToString() ?? target.Host, target.Port, ct).ConfigureAwait(false);
        var sw = Stopwatch.StartNew();
        try
        {
            await using var source = target.DataSourceVia(endpoint.LocalEndPoint, seconds, "route-check");
            await using var connection = source.CreateConnection();
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            object? one = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            if (one is not 1)
                return (new RouteCheck(RouteLevel.SpeaksPostgres, RouteFailure.Other, $"SELECT 1 returned {one}", sw.Elapsed), null);
            return (new RouteCheck(RouteLevel.LoginVerified, null,
                $"{Where} reached from the sidecar's netns{via}: logged in as {target.User} to {target.Database} and SELECT 1 returned 1 ({sw.Elapsed.TotalMilliseconds:0} ms, server {connection.PostgreSqlVersion})", sw.Elapsed), null);
        }
        catch (PostgresException e) when (e.SqlState is "28P01" or "28000")
        {
            return (new RouteCheck(RouteLevel.SpeaksPostgres, RouteFailure.LoginRejected, $"login rejected for user {target.User} by {Where}, which speaks PostgreSQL ({e.SqlState}: {e.MessageText})", sw.Elapsed), null);
        }
        catch (PostgresException e) when (e.SqlState == "3D000")
        {
            return (new RouteCheck(RouteLevel.SpeaksPostgres, RouteFailure.DatabaseMissing, $"database {target.Database} does not exist on {Where}, which speaks PostgreSQL ({e.MessageText})", sw.Elapsed), null);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // nc's stderr is complete only once its exec ended: wait for the pipe (briefly)
            string? nc = await endpoint.SettledErrorAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            return (new RouteCheck(RouteLevel.SpeaksPostgres, RouteFailure.Other, $"PostgreSQL login through the netns failed: {nc ?? e.Message}", sw.Elapsed), nc);
        }
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        foreach (byte b in bytes[..Math.Min(bytes.Length, 40)])
            sb.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        return sb.ToString();
    }
}
