using System.Diagnostics;
using System.Globalization;
using System.Text;
using Docker.DotNet;
using Tailwart.Core.Config;
using Tailwart.Core.Logs;

// tests/bench/log-ingest's harness. Two modes, each one line of output:
//   docker <container-id>   the real path: Docker.DotNet log stream → LineSplitter → LogLineParser →
//                           LogRingBuffer (default bounds); prints "<lines> <seconds> <rss-mb>"
//   synthetic <lines>       the same splitter → parser → buffer fed from memory (no Docker), to see the
//                           buffer's bound hold after many lines; prints "<lines> <seconds> <rss-mb> <kept> <dropped>"
var settings = new LogSettings();
var buffer = new LogRingBuffer(settings.BufferLines, settings.BufferMegabytes * 1024L * 1024L);
var clock = Stopwatch.StartNew();
long lines = 0;
if (args[0] == "docker")
{
    using IDockerClient docker = new DockerClientBuilder().WithEndpoint(new Uri("unix:///var/run/docker.sock")).Build();
    var reader = new ContainerLogReader(docker);
    await foreach (LogLine line in reader.ReadAsync("chatty", args[1], int.MaxValue, follow: true, since: null, TimeProvider.System))
    {
        buffer.Add(line);
        lines++;
    }
}
else
{
    long total = long.Parse(args[1], CultureInfo.InvariantCulture);
    var splitter = new LineSplitter();
    var chunk = new StringBuilder();
    DateTimeOffset start = DateTimeOffset.UtcNow;
    for (long i = 0; i < total; i++)
    {
        chunk.Append(start.AddTicks(i * 10).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture))
             .Append(" 2026-11-25T16:00:00Z INFO Blocked IP address (security.ip-blocked) listenerId = smtp, localPort = 25, remoteIp = 192.0.2.7, remotePort = ")
             .Append(i).Append('\n');
        if (chunk.Length > 60_000 || i == total - 1)
        {
            foreach (string raw in splitter.Feed(Encoding.UTF8.GetBytes(chunk.ToString())))
            {
                buffer.Add(LogLineParser.Parse("chatty", raw, DateTimeOffset.UtcNow));
                lines++;
            }
            chunk.Clear();
        }
    }
}
double seconds = clock.Elapsed.TotalSeconds;
GC.Collect();
string rss = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
double rssMb = double.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
Console.WriteLine(FormattableString.Invariant($"{lines} {seconds:F3} {rssMb:F1} {buffer.Count} {buffer.Dropped}"));
