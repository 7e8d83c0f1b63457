using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Docker.DotNet;
using Tailwart.Core.Config;
using Tailwart.Core.Logs;

// tests/bench/log-ingest's harness. Three modes, each one line of output:
//   docker <container-id>   the real path (DOCKER_HOST or the local socket): ContainerLogReader as LogFeed follows a service
//                           (follow, tail=all, since = the last line seen: here the epoch, so every line; the same lines
//                           as `docker logs -f -t`) → LineSplitter → LogLineParser → LogRingBuffer (default bounds), a batch
//                           per read as LogFeed stores them;
//                           prints "<lines> <seconds> <rss-mb> <kept> <dropped>"
//   frames <lines>          the same path from Docker's multiplexed framing held in memory (no daemon,
//                           no HTTP): what tailwart's own code costs per line; same output
//   synthetic <lines>       lines fed to the splitter → parser → buffer from memory, to see the buffer's
//                           bound hold after many lines; same output
var settings = new LogSettings();
var buffer = new LogRingBuffer(settings.BufferLines, settings.BufferMegabytes * 1024L * 1024L);
long lines = 0;
Stopwatch clock;
if (args[0] == "docker")
{
    using IDockerClient docker = new DockerClientBuilder().WithEndpoint(new Uri(Environment.GetEnvironmentVariable("DOCKER_HOST") ?? "unix:///var/run/docker.sock")).Build();
    var reader = new ContainerLogReader(docker);
    clock = Stopwatch.StartNew();
    await foreach (IReadOnlyList<LogLine> batch in reader.ReadBatchesAsync("chatty", args[1], 0, follow: true, since: DateTimeOffset.UnixEpoch, TimeProvider.System))
    {
        buffer.AddRange(batch);
        lines += batch.Count;
    }
}
else if (args[0] == "frames")
{
    long total = long.Parse(args[1], CultureInfo.InvariantCulture);
    var framed = new MemoryStream();
    DateTimeOffset start = DateTimeOffset.UtcNow;
    byte[] header = new byte[8];
    header[0] = 1; // stdout
    for (long i = 0; i < total; i++)
    {
        byte[] line = Encoding.UTF8.GetBytes(Line(start, i) + "\n");
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)line.Length);
        framed.Write(header);
        framed.Write(line);
    }
    framed.Position = 0;
    using var stream = new MultiplexedStream(framed, multiplexed: true);
    clock = Stopwatch.StartNew();
    await foreach (IReadOnlyList<LogLine> batch in ContainerLogReader.ReadBatchesAsync("chatty", stream, since: null, TimeProvider.System))
    {
        buffer.AddRange(batch);
        lines += batch.Count;
    }
}
else
{
    long total = long.Parse(args[1], CultureInfo.InvariantCulture);
    var splitter = new LineSplitter();
    var chunk = new StringBuilder();
    var batch = new List<LogLine>();
    DateTimeOffset start = DateTimeOffset.UtcNow;
    clock = Stopwatch.StartNew();
    for (long i = 0; i < total; i++)
    {
        chunk.Append(Line(start, i)).Append('\n');
        if (chunk.Length > 60_000 || i == total - 1)
        {
            splitter.Feed(Encoding.UTF8.GetBytes(chunk.ToString()), raw => batch.Add(LogLineParser.Parse("chatty", raw, DateTimeOffset.UtcNow)));
            buffer.AddRange(batch);
            lines += batch.Count;
            batch.Clear();
            chunk.Clear();
        }
    }
}
double seconds = clock.Elapsed.TotalSeconds;
GC.Collect();
string rss = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
double rssMb = double.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
Console.WriteLine(FormattableString.Invariant($"{lines} {seconds:F3} {rssMb:F1} {buffer.Count} {buffer.Dropped}"));

// A Stalwart-like line as Docker sends it with --timestamps (the same text the bench's chatty container prints).
static string Line(DateTimeOffset start, long i) =>
    start.AddTicks(i * 10).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture)
    + " 2026-11-25T16:00:00Z INFO Blocked IP address (security.ip-blocked) listenerId = smtp, localPort = 25, remoteIp = 192.0.2.7, remotePort = " + i.ToString(CultureInfo.InvariantCulture);
