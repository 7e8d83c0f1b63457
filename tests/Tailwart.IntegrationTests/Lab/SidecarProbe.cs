using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Lab;

/// <summary>Looks at the lab from inside the sidecar's network namespace (docker exec).</summary>
internal static class SidecarProbe
{
    /// <summary>containerboot's /healthz as the compose healthcheck sees it.</summary>
    public static async Task<bool> HealthzOkAsync(LabEnvironment lab, CancellationToken ct = default)
    {
        var r = await lab.ExecAsync(lab.Config.SidecarService, ["wget", "-q", "-O-", "http://127.0.0.1:9002/healthz"], ct: ct);
        return r.Succeeded && r.StandardOutput.Trim() == "ok";
    }

    /// <summary>A TCP connect to the-record-prod:5432 from the sidecar's netns (`echo | nc -w 2`).</summary>
    public static Task<LabCommandResult> ConnectPostgresAsync(LabEnvironment lab, CancellationToken ct = default) =>
        lab.ExecAsync(lab.Config.SidecarService, ["sh", "-c", $"echo | nc -w 2 {lab.Config.PostgresHost} {lab.Config.PostgresPort}"], ct: ct);

    /// <summary>
    /// Sends a PostgreSQL SSLRequest through `nc the-record-prod 5432` inside the sidecar's netns and
    /// returns the first byte of the answer ('N' or 'S' from PostgreSQL), or null when none came.
    /// </summary>
    public static async Task<char?> SslRequestAnswerAsync(LabEnvironment lab, CancellationToken ct = default)
    {
        // the answer is awaited up to 10 s and the pipe is dropped as soon as one byte arrived
        var script = "f=/tmp/sslreq.$$; "
            + $"( printf '\\000\\000\\000\\010\\004\\322\\026\\057'; sleep 10 ) 2>/dev/null | nc {lab.Config.PostgresHost} {lab.Config.PostgresPort} >$f 2>/dev/null & "
            + "i=0; while [ ! -s $f ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; head -c 1 $f; kill $! 2>/dev/null; rm -f $f";
        var r = await lab.ExecAsync(lab.Config.SidecarService, ["sh", "-c", script], timeout: TimeSpan.FromSeconds(15), ct: ct);
        return r.StandardOutput.Length > 0 ? r.StandardOutput[0] : null;
    }
}
