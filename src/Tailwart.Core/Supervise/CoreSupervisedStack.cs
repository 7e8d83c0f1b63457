using Tailwart.Core.BringUp;
using Tailwart.Core.Diagnosis;
using Tailwart.Core.Docker;

namespace Tailwart.Core.Supervise;

/// <summary>The supervisor's stack over the facade's own services: the same diagnosis, bring-up, store read and lock as `up`.</summary>
internal sealed class CoreSupervisedStack(StackServices services, DockerStackControl control, IStoreReadProbe store, StackActorLock actorLock, TimeProvider time) : ISupervisedStack
{
    public DiagnosisOptions Services => services.DiagnosisOptions;

    public Task PingAsync(CancellationToken ct) => services.CheckDockerAsync(ct);

    public Task<StackSnapshot> DiscoverAsync(CancellationToken ct) => control.DiscoverAsync(ct);

    public Task<StackDiagnosisResult> DiagnoseAsync(CancellationToken ct) => services.Diagnosis(store).RunAsync(ct);

    public Task<BringUpResult> BringUpAsync(BringUpOptions options, CancellationToken ct) => services.BringUp(options, store).RunAsync(null, ct);

    public IAsyncEnumerable<StackEvent> EventsAsync(CancellationToken ct) =>
        control.EventsAsync(new HashSet<string>(services.Services, StringComparer.Ordinal), ct);

    public Task<IDisposable> LockAsync(string holder, Action<string> onWaiting, CancellationToken ct) =>
        actorLock.AcquireAsync(holder, wait: null, onWaiting, ct);

    public TimeProvider Time => time;
}
