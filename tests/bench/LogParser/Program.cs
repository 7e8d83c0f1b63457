using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Tailwart.Core.Logs;

namespace Tailwart.Bench;

public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}

/// <summary>
/// One Stalwart line as Docker sends it: the framework's parser (the baseline, what the reader
/// used before) against the hand-written timestamp reader and the whole per-line parse.
/// </summary>
[MemoryDiagnoser]
public class ParserBench
{
    private static readonly byte[] Raw = Encoding.UTF8.GetBytes(
        "2026-11-25T16:00:00.123456789Z 2026-11-25T16:00:00Z INFO Blocked IP address (security.ip-blocked) listenerId = smtp, localPort = 25, remoteIp = 192.0.2.7, remotePort = 40123");

    private static readonly byte[] Stamp = Raw[..Array.IndexOf(Raw, (byte)' ')];
    private static readonly string StampText = Encoding.ASCII.GetString(Stamp);
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 16, 0, 0, TimeSpan.Zero);

    [Benchmark(Baseline = true)]
    public long Timestamp_DateTimeOffset_TryParse() =>
        DateTimeOffset.TryParse(StampText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t) ? t.UtcTicks : 0;

    [Benchmark]
    public long Timestamp_DockerTimestamp() => DockerTimestamp.TryParse(Stamp, out long ticks) ? ticks : 0;

    [Benchmark]
    public LogLine Whole_line() => LogLineParser.Parse("stalwart", Raw, Now);
}
