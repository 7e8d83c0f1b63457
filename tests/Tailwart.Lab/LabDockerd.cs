using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Tailwart.Lab;

/// <summary>
/// The docker daemon as the lab runs it (tests/lab/lib/common.sh start_dockerd: <c>setsid dockerd</c>,
/// no systemd): restarted with a chosen time away, and asked whether it answers on its socket.
/// Restarting it stops every container on the machine: only inside the lab's turn.
/// </summary>
public static class LabDockerd
{
    public const string Socket = "/var/run/docker.sock";

    /// <summary>
    /// SIGTERM to dockerd, waits for it to exit, stays away <paramref name="away"/> (an upgrade of
    /// docker takes about that long), then starts it again the lab's way. Returns at once after the start;
    /// <see cref="WaitAnsweringAsync"/> says when the new daemon answers.
    /// </summary>
    public static async Task RestartAsync(LabEnvironment lab, TimeSpan away, CancellationToken ct = default)
    {
        const string script = """
            source "$1/lib/common.sh"
            pid="$(pgrep -x dockerd | head -n1)"; [ -n "$pid" ] || die "dockerd is not running"
            kill -TERM "$pid"
            for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -0 "$pid" 2>/dev/null && die "dockerd (pid $pid) did not stop within 30 s"
            sleep "$2"
            # no inherited fd: labturn's lock on fd 9 would be held forever. At niceness 0 whatever the test
            # runs at (`nice -n 15 dotnet test`): a niced dockerd runs every container it starts niced, and
            # the gate's execs into the sidecar then crawl on a shared box (not what a real boot does)
            spawn_detached nice -n "$(( -$(nice) ))" dockerd >>"$DOCKERD_LOG" 2>&1 < /dev/null
            """;
        string seconds = away.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        (await LabEnvironment.RunAsync("bash", ["-c", script, "restart-dockerd", lab.LabDirectory, seconds], null, away + TimeSpan.FromMinutes(1), ct))
            .EnsureSuccess("restart dockerd");
    }

    /// <summary>Polls <c>GET /_ping</c> on the socket every 50 ms until it answers OK; fails after <paramref name="timeout"/>.</summary>
    public static async Task WaitAnsweringAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        while (!await AnswersAsync(ct))
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"dockerd did not answer on {Socket} within {timeout.TotalSeconds:0} s");
            await Task.Delay(50, ct);
        }
    }

    /// <summary>One ping over the unix socket, bounded to a second.</summary>
    public static async Task<bool> AnswersAsync(CancellationToken ct = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket), cts.Token);
            await socket.SendAsync("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"u8.ToArray(), cts.Token);
            var buffer = new byte[512];
            int n = await socket.ReceiveAsync(buffer, cts.Token);
            string answer = Encoding.ASCII.GetString(buffer, 0, n);
            return answer.StartsWith("HTTP/1.", StringComparison.Ordinal) && answer.Contains(" 200 ", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
