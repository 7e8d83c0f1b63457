using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Tailwart.Core.BringUp;
using Tailwart.Core.Checks;
using Tailwart.Core.Diagnosis;
using Tailwart.Core.Docker;
using Tailwart.Core.Supervise;

namespace Tailwart.Tests.Supervise;

/// <summary>
/// A stack the supervisor can look at, repair and follow, in memory: its findings are set by the
/// test, a bring-up clears them (or not), events are pushed, and dockerd can go away and come back.
/// </summary>
internal sealed class FakeSupervisedStack(TimeProvider time, string lockPath) : ISupervisedStack
{
    private readonly Lock _gate = new();
    private Channel<StackEvent>? _events;

    public DiagnosisOptions Services { get; } = new();

    /// <summary>The finding ids a diagnosis reports now.</summary>
    public List<string> Findings { get; set; } = [];

    /// <summary>What the next bring-ups end with (the last one repeats); Verified clears the findings.</summary>
    public Queue<BringUpOutcome> Outcomes { get; } = new();

    /// <summary>When each bring-up ran, on the fake clock.</summary>
    public List<DateTimeOffset> BringUps { get; } = [];

    public int Diagnoses { get; private set; }

    public int Subscriptions { get; private set; }

    public bool DockerDown { get; set; }

    /// <summary>Run inside each bring-up (e.g. the events its own restart causes).</summary>
    public Action? DuringBringUp { get; set; }

    public StackActorLock ActorLock { get; } = new(lockPath, time);

    public Task PingAsync(CancellationToken ct) => DockerDown ? throw new HttpRequestException("connection refused (docker.sock)") : Task.CompletedTask;

    /// <summary>What the quick look sees (Docker's view only); empty: it finds nothing and the diagnosis decides.</summary>
    public StackSnapshot Snapshot { get; set; } = new("lab", new Dictionary<string, ContainerSnapshot>(), []);

    public int Discoveries { get; private set; }

    public Task<StackSnapshot> DiscoverAsync(CancellationToken ct)
    {
        if (DockerDown)
            throw new HttpRequestException("connection refused (docker.sock)");
        Discoveries++;
        return Task.FromResult(Snapshot);
    }

    public Task<StackDiagnosisResult> DiagnoseAsync(CancellationToken ct)
    {
        if (DockerDown)
            throw new HttpRequestException("connection refused (docker.sock)");
        Diagnoses++;
        var evidence = new StackEvidence(new StackSnapshot("lab", new Dictionary<string, ContainerSnapshot>(), []), Services, time.GetUtcNow());
        var findings = Findings.Select(id => new Finding(id, Severity.Failure, id, "evidence of " + id, 1, "fix")).ToList();
        return Task.FromResult(new StackDiagnosisResult(evidence, findings));
    }

    public Task<BringUpResult> BringUpAsync(BringUpOptions options, CancellationToken ct)
    {
        BringUps.Add(time.GetUtcNow());
        DuringBringUp?.Invoke();
        BringUpOutcome outcome = Outcomes.Count > 1 ? Outcomes.Dequeue() : Outcomes.Count == 1 ? Outcomes.Peek() : BringUpOutcome.Verified;
        if (outcome == BringUpOutcome.Verified)
            Findings = [];
        return Task.FromResult(new BringUpResult(outcome, null, outcome == BringUpOutcome.Verified ? "released after a verified PostgreSQL login; Stalwart verified" : "gate refused", [], null, null, null));
    }

    public async IAsyncEnumerable<StackEvent> EventsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        if (DockerDown)
            throw new StackEventsLostException("Docker's event stream failed: connection refused");
        var channel = Channel.CreateUnbounded<StackEvent>();
        lock (_gate)
        {
            _events = channel;
            Subscriptions++;
        }
        await foreach (StackEvent e in channel.Reader.ReadAllAsync(ct))
            yield return e;
        throw new StackEventsLostException("Docker's event stream ended (dockerd restarted or stopped?)");
    }

    public bool Subscribed { get { lock (_gate) return _events is not null; } }

    public void Push(string service, string action)
    {
        lock (_gate)
            _events!.Writer.TryWrite(new StackEvent(service, action, service + "-id", time.GetUtcNow()));
    }

    /// <summary>dockerd stops: the event stream ends and pings fail until <see cref="DockerDown"/> is cleared.</summary>
    public void StopDockerd()
    {
        DockerDown = true;
        lock (_gate)
        {
            _events?.Writer.TryComplete();
            _events = null;
        }
    }

    public Task<IDisposable> LockAsync(string holder, Action<string> onWaiting, CancellationToken ct) => ActorLock.AcquireAsync(holder, null, onWaiting, ct);
}
