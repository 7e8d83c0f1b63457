using System.Diagnostics;
using System.Globalization;
using Tailwart.Core.BringUp;
using Tailwart.Core.Certs;
using Tailwart.Core.Config;
using Tailwart.Core.Dns;
using Tailwart.Core.Guards;
using Tailwart.Core.Net;
using Tailwart.Core.Netns;
using Tailwart.Core.Probes;
using Tailwart.Core.Secrets;

// tests/bench/certs's harness:  CertSweep <config.json> <edge|netns> <sweeps> [cgroup cpu.stat ...]
// With the config's hostnames (6 in tailwart.certs.json) × CertPorts.All (6):
//   1. warm-up: one probe per port kind (each conversation's JIT, the first TLS handshake, the netns
//      path's first connection), so no single below is slow only because it was the first of its kind;
//   2. baseline: each of the hostname × port handshakes alone, one after another, timed each
//      (PortProber, the same protocol-correct conversation the sweep runs);
//   3. the sweep as `tailwart certs` runs it (CertSweep: concurrent, bounded), <sweeps> times.
//   4. the CPU the sweeps cost: this process plus the cgroups given (the lab's Stalwart and edge), per
//      sweep and divided by the cores — the least time any sweep can take on this machine (its CPU floor).
// Prints one line: path n slowest_single_ms median_single_ms sweep_ms(median) sweep_ms(all, comma) failures route cpu_ms floor_ms
// (route: how the netns path connects — setns, or exec when that is not possible here; edge: tcp)
var config = new ConfigLoader(() => []).Load(args[0]) is { HasErrors: false } loaded ? loaded.Config! : throw new InvalidOperationException("config has errors: " + args[0]);
string pathName = args[1];
int sweeps = int.Parse(args[2], CultureInfo.InvariantCulture);
using var stack = new StackServices(config, new Secret(() => throw new InvalidOperationException("no Postgres password needed")));
IConnector connector = pathName == "netns"
    ? new SidecarConnector(stack.SidecarConnectorAsync)
    : new DirectConnector(new HostResolver(config.Dns.Resolver, TimeSpan.FromSeconds(3)));
string target = pathName == "edge" ? config.Edge.PublicHostname : "127.0.0.1";
var work = config.Mail.Hostnames.All().SelectMany(h => CertPorts.All.Select(p => (Host: h, p.Port, p.Protocol))).ToList();

async Task<(double Ms, bool Ok)> OneAsync((string Host, int Port, ProbeProtocol Protocol) w)
{
    var clock = Stopwatch.StartNew();
    ProbeResult r = await PortProber.ProbeAsync(connector, target, w.Port, w.Protocol, new ProbeNames(w.Host, w.Host, config.Mail.Hostnames.Mail), CertSweep.Timeout, CancellationToken.None);
    return (clock.Elapsed.TotalMilliseconds, r.Certificate is not null);
}

foreach (var kind in work.DistinctBy(w => w.Port))
    await OneAsync(kind);
var singles = new List<double>();
int failures = 0;
foreach (var w in work)
{
    var (ms, ok) = await OneAsync(w);
    singles.Add(ms);
    if (!ok)
        failures++;
}
string[] cgroups = args[3..];
static double CgroupCpuMs(string cpuStat) =>
    File.ReadLines(cpuStat).Where(l => l.StartsWith("usage_usec ", StringComparison.Ordinal)).Select(l => double.Parse(l[11..], CultureInfo.InvariantCulture) / 1000).Single();
double CpuMs() => Environment.CpuUsage.TotalTime.TotalMilliseconds + cgroups.Sum(CgroupCpuMs);
double cpuBefore = CpuMs();
var sweepTimes = new List<double>();
for (int i = 0; i < sweeps; i++)
{
    var guard = new BudgetGuard(new ActionLedger(Path.Combine(Path.GetTempPath(), $"tw-bench-certs-{Guid.NewGuid():N}.json"), TimeProvider.System), TimeSpan.Zero);
    var clock = Stopwatch.StartNew();
    var observations = await new CertSweep(config, guard).RunAsync(connector);
    sweepTimes.Add(clock.Elapsed.TotalMilliseconds);
    failures += observations.Count(o => o.Certificate is null);
}
double cpuPerSweep = (CpuMs() - cpuBefore) / sweeps;
string route = "tcp";
if (pathName == "netns")
    route = (await stack.SidecarConnectorAsync()).FastPathUnavailableBecause is null ? "setns" : "exec";
static double Median(List<double> xs) { var s = xs.Order().ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{pathName} {work.Count} {singles.Max():0} {Median(singles):0} {Median(sweepTimes):0} {string.Join(",", sweepTimes.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))} {failures} {route} {cpuPerSweep:0} {cpuPerSweep / Environment.ProcessorCount:0}"));
