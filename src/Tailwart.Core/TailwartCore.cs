using Tailwart.Core.Acme;
using Tailwart.Core.Bans;
using Tailwart.Core.BringUp;
using Tailwart.Core.Certs;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Diagnosis;
using Tailwart.Core.Dns;
using Tailwart.Core.Docker;
using Tailwart.Core.Guards;
using Tailwart.Core.KeyTest;
using Tailwart.Core.Lint;
using Tailwart.Core.Logs;
using Tailwart.Core.Net;
using Tailwart.Core.Netns;
using Tailwart.Core.Probes;
using Tailwart.Core.Secrets;
using Tailwart.Core.State;
using Tailwart.Core.Stalwart;
using Tailwart.Core.Supervise;

namespace Tailwart.Core;

/// <summary>
/// The one way into Core, built once per process from the config, the state paths and a clock.
/// It owns the stack's services (one Docker client), the two persisted budgets (probes, key
/// test), the read-only policy and the audit log, and every action goes through it: each action
/// asks the policy first, then its budget or gate, and writes its audit line. The CLI's verbs and
/// the TUI's backend are thin renderings over this type; neither builds a Core service itself.
/// </summary>
public sealed class TailwartCore : IDisposable
{
    /// <summary>Bound on the whole MTA-STS policy fetch (connect, TLS, answer).</summary>
    public static readonly TimeSpan MtaStsTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Bound on the allow-list read before edge probes.</summary>
    private static readonly TimeSpan AllowListReadTimeout = TimeSpan.FromSeconds(10);

    private readonly SecretResolver _secrets;
    private readonly Lazy<StackServices> _stack;
    private readonly Lazy<ComposeModelCache> _composeModel;
    private readonly HostResolver _resolver;
    private readonly BudgetGuard _probeGuard;
    private readonly BudgetGuard _keyTestGuard;
    private readonly IReadOnlyDictionary<string, IConnector> _connectors;
    private readonly ProbeService _probes;
    private readonly BansServices _bans;

    // endpoint: the Docker daemon (the docker CLI's resolution order); null: resolved from this process's environment.
    public TailwartCore(TailwartConfig config, StatePaths state, TimeProvider time, SecretResolver secrets, Redactor redactor, ReadOnlyPolicy policy, DockerEndpoint? endpoint = null)
    {
        Config = config;
        State = state;
        Time = time;
        Policy = policy;
        _secrets = secrets;
        // compose's model, read once per process: the lint needs no daemon, so it is not built on the stack's Docker client
        _composeModel = new Lazy<ComposeModelCache>(() =>
        {
            string directory = config.ResolvePath(config.Compose.ProjectDirectory);
            return ComposeModelCache.Over(new ComposeCli(config.Compose, directory, endpoint: endpoint ?? ComposeEndpoint()), config.Compose.Files, directory);
        });
        _stack = new Lazy<StackServices>(() => new StackServices(config, new Secret(() => ResolveSecret("$.postgres.password", config.Postgres.Password).Reveal()), time, endpoint: endpoint, composeModel: _composeModel.Value));
        _resolver = new HostResolver(config.Dns.Resolver, TimeSpan.FromSeconds(3));
        // One guard per ledger in this process; every process shares the ledger files (one budget per target and port).
        _probeGuard = new BudgetGuard(ActionLedger.InState(state, ProbeService.LedgerFile, time), ProbeService.IntervalFor(config));
        _keyTestGuard = new BudgetGuard(ActionLedger.InState(state, "key-test-ledger.json", time), SpaceshipKeyTester.Interval);
        // The paths to Stalwart: "edge" (from this box, as the world sees it) and "netns" (inside the sidecar, where Stalwart lives).
        _connectors = new Dictionary<string, IConnector>(StringComparer.Ordinal)
        {
            ["edge"] = new DirectConnector(_resolver),
            [SidecarConnector.Name] = new SidecarConnector(ct => Stack.SidecarConnectorAsync(ct)),
        };
        _probes = new ProbeService(config, _probeGuard, _connectors);
        Audit = AuditLog.InState(state, time, redactor);
        _bans = new BansServices(config, _connectors, ResolveSecret, Audit, _probeGuard, _resolver);
    }

    public TailwartConfig Config { get; }
    public StatePaths State { get; }
    public TimeProvider Time { get; }
    public ReadOnlyPolicy Policy { get; }
    public AuditLog Audit { get; }

    /// <summary>The stack's services (Docker, compose, discovery, route, bring-up), created on first use, once; internal, like everything that talks to Docker.</summary>
    internal StackServices Stack => _stack.Value;

    /// <summary>Resolves one secret of the config at the point of use (may throw a clear error).</summary>
    public Secret ResolveSecret(string jsonPath, SecretReference reference) =>
        _secrets.Resolve(reference, jsonPath, Path.GetDirectoryName(Config.SourcePath) ?? Directory.GetCurrentDirectory());

    // ---- probes ----

    /// <summary>The probe paths: "edge" and "netns".</summary>
    public IReadOnlyList<string> ProbePaths => [.. _connectors.Keys];

    /// <summary>Where a probe of <paramref name="port"/> over <paramref name="path"/> goes.</summary>
    public (string Host, int Port) ProbeTarget(string path, int port) => _probes.TargetOf(path, port);

    /// <summary>One protocol-correct probe, refused under --read-only or over its budget (<see cref="ActionRefusedException"/>).</summary>
    public Task<ProbeResult> ProbeAsync(string path, int port, CancellationToken ct = default)
    {
        Policy.Demand(GuardedAction.Probe);
        return _probes.ProbeAsync(path, port, ct);
    }

    /// <summary>
    /// The ports a probe run covers when none are named: those of Stalwart's own listeners tailwart can
    /// speak, or the assumed list with a note when the listeners cannot be read (a read: no probe is sent).
    /// </summary>
    public async Task<ProbePlan> ProbePlanAsync(CancellationToken ct = default) =>
        ProbePlan.From(await ListenerReading.ReadAsync(async token =>
        {
            using StalwartClient client = _bans.Client();
            return await client.ListenersAsync(token).ConfigureAwait(false);
        }, Time, ct).ConfigureAwait(false));

    /// <summary>
    /// Before probing through the edge: the box's WAN IP is the proxied client there, so if it is not
    /// on the allow-list, a probe Stalwart dislikes bans the box (lesson 3). Read, never changed here.
    /// </summary>
    public async Task<IReadOnlyList<string>> EdgeProbeWarningsAsync(CancellationToken ct = default)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(AllowListReadTimeout);
            AllowListAuditResult audit = await AuditAllowListAsync(deadline.Token).ConfigureAwait(false);
            return audit.IsComplete ? []
                : [$"Stalwart's allow-list lacks {string.Join(", ", audit.Missing)}: a probe through the edge arrives as the box's WAN IP, and malformed-looking traffic could ban the box (lesson 3). Fix: tailwart bans allow-fix."];
        }
        catch (Exception e) when (e is StalwartApiException or UserFacingException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return [$"could not read Stalwart's allow-list before probing through the edge ({e.Message}); if the box's WAN IP is not allow-listed, a probe could ban it (lesson 3)."];
        }
    }

    // ---- key test ----

    /// <summary>The configured Spaceship key and secret, resolved late; null without a spaceship section.</summary>
    public KeyTestCredentials? ConfiguredKeyTestCredentials() => Config.Spaceship is { } s
        ? new KeyTestCredentials(ResolveSecret("$.spaceship.apiKey", s.ApiKey), ResolveSecret("$.spaceship.apiSecret", s.ApiSecret))
        : null;

    /// <summary>When the key test may next run if its budget would refuse it now; null when it may run.</summary>
    public DateTimeOffset? KeyTestRefusedUntil() => _keyTestGuard.RefusedUntil(SpaceshipKeyTester.LedgerKey);

    /// <summary>One request to Spaceship (the configured key unless <paramref name="credentials"/> are given), refused under --read-only or over its budget.</summary>
    public Task<KeyTestResult> KeyTestAsync(KeyTestCredentials? credentials = null, CancellationToken ct = default)
    {
        Policy.Demand(GuardedAction.KeyTest);
        SpaceshipSettings spaceship = Config.Spaceship
            ?? throw new UserFacingException("tailwart.json has no spaceship section; add baseUrl, apiKey and apiSecret to test the key.");
        KeyTestCredentials use = credentials ?? ConfiguredKeyTestCredentials()!;
        return new SpaceshipKeyTester(spaceship, Config.Mail.Domain, _keyTestGuard).TestAsync(use.Key, use.Secret, ct);
    }

    // ---- certificates ----

    /// <summary>The certificate check over <paramref name="via"/> ("edge", "netns" or "all"), its sweeps within the probe budget.</summary>
    public Task<CertsOutcome> CertsAsync(string via = "all", CancellationToken ct = default)
    {
        CertspotterClient? certspotter = Config.Certspotter is null ? null
            : new CertspotterClient(Config.Certspotter, Path.Combine(StatePaths.EnsurePrivateDirectory(State.Directory), "certspotter-cache.json"), Time);
        var check = new CertsCheck(Config, new CertSweep(Config, _probeGuard), new DnsChecks(Config, _resolver.Client, new MtaStsPolicyFetcher(_resolver, MtaStsTimeout)), certspotter, Time, async token =>
        {
            // Read-only: the ACME settings feed the CAA accounturi and wildcard/challenge checks.
            using StalwartClient client = _bans.Client();
            return await client.AcmeSettingsAsync(token).ConfigureAwait(false);
        }, async token =>
        {
            // Read-only: the sweep covers the listeners Stalwart has, not the ones tailwart assumes.
            using StalwartClient client = _bans.Client();
            return await client.ListenersAsync(token).ConfigureAwait(false);
        }, async token =>
        {
            // Read-only: 0.16's renewal failures live in its task state only (CONTRACT.md B7).
            using StalwartClient client = _bans.Client();
            return await client.AcmeRenewalTasksAsync(token).ConfigureAwait(false);
        });
        IEnumerable<IConnector> paths = _connectors.Where(c => via == "all" || c.Key == via).Select(c => c.Value);
        return check.RunAsync(paths, StalwartLogAsync, ct);
    }

    /// <summary>Stalwart's DKIM signing keys, public halves only (a read: the postmaster DKIM check compares them with DNS).</summary>
    public async Task<IReadOnlyList<Stalwart.DkimKey>> DkimKeysAsync(CancellationToken ct = default)
    {
        using StalwartClient client = _bans.Client();
        return await client.DkimKeysAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Asks Stalwart to reload its TLS certificates, with an audit line; refused under --read-only. Returns the access path used.</summary>
    public async Task<string> ReloadCertificatesAsync(string origin, CancellationToken ct = default)
    {
        Policy.Demand(GuardedAction.CertificateReload);
        using StalwartClient client = _bans.Client();
        string path;
        try
        {
            path = await client.ReloadCertificatesAsync(ct).ConfigureAwait(false);
        }
        catch (StalwartApiException e)
        {
            Audit.Write("certs.reload", $"failed ({origin}): {e.Message}");
            throw new UserFacingException("Stalwart did not reload its certificates: " + e.Message, e);
        }
        Audit.Write("certs.reload", $"reloaded over {path} ({origin})");
        return path;
    }

    // ---- logs ----

    /// <summary>Stalwart's log lines of the last day (for the ACME budget); empty when Docker or the container is not there.</summary>
    public Task<IReadOnlyList<LogLine>> StalwartLogAsync(CancellationToken ct = default) => Stack.StalwartLogAsync(TimeSpan.FromDays(1), ct);

    /// <summary>The live log feed of every service into <paramref name="buffer"/> (the Logs pane).</summary>
    public LogFeedControls LogFeed(LogRingBuffer buffer)
    {
        var feed = new LogFeed(Stack.Docker, Stack.Stack, Stack.Services, buffer, Config.Logs.Tail, Time);
        return new LogFeedControls(feed.RunAsync, feed.LoadOlderAsync);
    }

    /// <summary>
    /// Reads one container's log (the logs verb): the last <paramref name="tail"/> lines, from
    /// <paramref name="since"/> when given, and on when <paramref name="follow"/>. Read-only.
    /// </summary>
    public IAsyncEnumerable<LogLine> ReadLogAsync(ContainerSnapshot container, int tail, bool follow, DateTimeOffset? since, CancellationToken ct = default) =>
        Stack.LogReader().ReadAsync(container.Service, container.Id, tail, follow, since, Time, ct);

    // ---- the stack, read-only ----

    /// <summary>The compose project's name.</summary>
    public string ProjectName => Stack.Compose.ProjectName;

    /// <summary>The supervised services: sidecar, Stalwart and the edge when configured.</summary>
    public IReadOnlyList<string> Services => Stack.Services;

    /// <summary>Fails early, with the fix, when dockerd cannot be reached.</summary>
    public Task CheckDockerAsync(CancellationToken ct = default) => Stack.CheckDockerAsync(ct);

    /// <summary>The project's containers as Docker reports them now.</summary>
    public Task<StackSnapshot> DiscoverAsync(CancellationToken ct = default) => Stack.Stack.DiscoverAsync(ct);

    /// <summary>One service's container as it changes, from Docker's event stream.</summary>
    public IAsyncEnumerable<ContainerSnapshot> WatchAsync(string service, CancellationToken ct = default) => Stack.Stack.WatchAsync(service, ct);

    /// <summary>The Postgres route from the sidecar's netns, verified once (name → TCP → real login). Read-only.</summary>
    public Task<RouteCheck> VerifyRouteAsync(CancellationToken ct = default) => Stack.Route.VerifyAsync(ct);

    /// <summary>
    /// Compose lint (lessons 1 and 6) on compose's own model (<c>compose config</c>, JSON on the v2
    /// plugin, YAML on v1 1.29), over the project's compose files, .env and Caddyfiles; the findings
    /// name the file and line the user wrote. Compose is asked once per process (again only when the
    /// files change): `lint`, the doctor's lint check, `status` and `up`'s network attach share the read.
    /// </summary>
    public Task<IReadOnlyList<Finding>> LintModelAsync(CancellationToken ct = default) => ComposeLint.RunAsync(Config, ComposeModel, ct);

    /// <summary>Compose's model of the project, the process's one read (shared with the stack's network attach).</summary>
    internal ComposeModelCache ComposeModel => _composeModel.Value;

    /// <summary>The daemon compose is pointed at for `config`: the stack's, or compose's own environment when it does not resolve (the lint needs no daemon).</summary>
    private static DockerEndpoint? ComposeEndpoint()
    {
        try
        {
            return DockerEndpointResolver.Resolve(Environment.GetEnvironmentVariable);
        }
        catch (UserFacingException)
        {
            return null;
        }
    }

    // ---- bans ----

    /// <summary>The bans, the allow-list audit and the admin-port check (within the probe budget), as one record.</summary>
    public Task<BansSnapshot> BansAsync(CancellationToken ct = default) => _bans.SnapshotAsync(ct);

    /// <summary>The allow-list against what this box needs. Read-only.</summary>
    public async Task<AllowListAuditResult> AuditAllowListAsync(CancellationToken ct = default)
    {
        BanService service = await _bans.CreateAsync(ct).ConfigureAwait(false);
        using StalwartClient client = service.Client;
        return await service.AuditAllowListAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Deletes bans through the API, reloads, re-reads to verify; refused under --read-only.</summary>
    public async Task<UnbanOutcome> UnbanAsync(IReadOnlyList<string> addresses, CancellationToken ct = default)
    {
        Policy.Demand(GuardedAction.Unban);
        if (addresses.FirstOrDefault(a => !Cidr.TryParse(a, out _)) is string bad)
            throw new UserFacingException($"'{bad}' is not an IP address or network (e.g. 203.0.113.7, 2001:db8::1, 203.0.113.0/24); nothing was changed.");
        BanService service = await _bans.CreateAsync(ct).ConfigureAwait(false);
        using StalwartClient client = service.Client;
        return await service.UnbanAsync(addresses, ct).ConfigureAwait(false);
    }

    /// <summary>What an unban of these addresses, networks or (<paramref name="all"/>) every ban would remove, read from Stalwart; refused under --read-only.</summary>
    public async Task<UnbanPlan> PlanUnbanAsync(IReadOnlyList<string> addresses, bool all, CancellationToken ct = default)
    {
        Policy.Demand(GuardedAction.Unban);
        BanService service = await _bans.CreateAsync(ct).ConfigureAwait(false);
        using StalwartClient client = service.Client;
        return await service.PlanUnbanAsync(addresses, all, ct).ConfigureAwait(false);
    }

    /// <summary>Carries out a plan from <see cref="PlanUnbanAsync"/>: deletes, reloads, re-reads, then checks the effect; refused under --read-only.</summary>
    public async Task<UnbanOutcome> UnbanAsync(UnbanPlan plan, CancellationToken ct = default)
    {
        Policy.Demand(GuardedAction.Unban);
        BanService service = await _bans.CreateAsync(ct).ConfigureAwait(false);
        using StalwartClient client = service.Client;
        return await service.UnbanAsync(plan, ct).ConfigureAwait(false);
    }

    /// <summary>Adds what the allow-list lacks, reloads, re-reads to verify; refused under --read-only.</summary>
    public async Task<AllowListFixOutcome> FixAllowListAsync(CancellationToken ct = default)
    {
        Policy.Demand(GuardedAction.AllowFix);
        BanService service = await _bans.CreateAsync(ct).ConfigureAwait(false);
        using StalwartClient client = service.Client;
        return await service.FixAllowListAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Restart-to-flush: record, the route gate and the restart in one operation, re-read; refused under --read-only.</summary>
    public async Task<FlushOutcome> FlushBansAsync(CancellationToken ct = default)
    {
        Policy.Demand(GuardedAction.Flush);
        BanService service = await _bans.CreateAsync(ct).ConfigureAwait(false);
        using StalwartClient client = service.Client;
        var flush = new BanFlush(service, new GatedStalwartRestart(Stack, new BringUpOptions()), Audit, Time, _bans.DiagnoseAdminPortAsync);
        using IDisposable actor = await ActorLock.AcquireAsync("bans flush", ActorLockWait, null, ct).ConfigureAwait(false);
        return await flush.RunAsync(ct).ConfigureAwait(false);
    }

    // ---- bring-up ----

    /// <summary>The gated bring-up; refused under --read-only unless it is a dry run.</summary>
    public async Task<BringUpResult> UpAsync(BringUpOptions options, IProgress<BringUpEvent>? progress, CancellationToken ct = default)
    {
        if (!options.DryRun)
            Policy.Demand(GuardedAction.Up);
        await Stack.CheckDockerAsync(ct).ConfigureAwait(false);
        if (options.DryRun)
            return await Stack.BringUp(options, StoreRead).RunAsync(progress, ct).ConfigureAwait(false);
        // one actor at a time on the stack: a running supervisor's repair (or another up) finishes first
        using IDisposable actor = await ActorLock.AcquireAsync("up", options.Overall ?? ActorLockWait, holder =>
            progress?.Report(new BringUpEvent(BringUpStep.Discover, StepStatus.Progress, TimeSpan.Zero, $"waiting for the stack's actor lock: {holder} is changing the stack", Time.GetUtcNow())), ct).ConfigureAwait(false);
        Audit.Write("up", "bring-up started");
        BringUpResult result = await Stack.BringUp(options, StoreRead).RunAsync(progress, ct).ConfigureAwait(false);
        Audit.Write("up", $"{result.Outcome}: {result.Message}");
        return result;
    }

    // ---- supervise ----

    /// <summary>How long `up` and a flush wait for another actor (a supervisor's repair: the gate's deadlines, at most a few minutes).</summary>
    private static readonly TimeSpan ActorLockWait = TimeSpan.FromMinutes(6);

    /// <summary>The box's one-actor-at-a-time lock on the stack (up, the TUI's actions, supervise).</summary>
    internal StackActorLock ActorLock => field ??= StackActorLock.InState(State, Time);

    /// <summary>
    /// `tailwart supervise`: follows Docker's events and repairs through the gate (the same bring-up
    /// as `up`, under the same actor lock) until <paramref name="ct"/> is cancelled. Each decision
    /// goes to the audit log, the state file, <paramref name="progress"/> and <paramref name="notify"/>.
    /// Refused under --read-only.
    /// </summary>
    public async Task SuperviseAsync(SuperviseOptions options, IProgress<SupervisorDecision>? progress, Action<SupervisorDecision>? notify = null, CancellationToken ct = default)
    {
        Policy.Demand(GuardedAction.Supervise);
        var file = SupervisorStateFile.InState(State, Time);
        var gate = new Lock();
        SupervisorState state = new() { Pid = Environment.ProcessId, Since = Time.GetUtcNow(), PreviousRestartPolicy = file.Read()?.PreviousRestartPolicy };
        Supervisor? supervisor = null;
        void Report(SupervisorDecision d)
        {
            Audit.Write("supervise", d.Line);
            lock (gate)
            {
                state = state with { Repairs = supervisor?.Repairs ?? 0, Decisions = [.. state.Decisions.TakeLast(options.StateDecisions - 1), d], StoppedAt = d.Kind == DecisionKind.Stopped ? d.At : null };
                file.Write(state);
            }
            progress?.Report(d);
            if (d.Notable || d.Kind == DecisionKind.Stopped)
                notify?.Invoke(d);
        }
        Report(new SupervisorDecision(Time.GetUtcNow(), DecisionKind.Started, $"project {ProjectName}, sidecar {Config.Services.Sidecar}, stalwart {Config.Services.Stalwart}",
            $"supervising as pid {Environment.ProcessId}; state in {file.Path}", "following Docker's events; never probing a mail port, never testing the key"));
        await using var notifier = new Notifier(Config.Notify, Config.Notify.Url is { } url ? () => ResolveSecret("$.notify.url", url) : null, Audit, Time);
        notify += notifier.Notify;
        var stack = new CoreSupervisedStack(Stack, Stack.Control, StoreRead, ActorLock, Time);
        supervisor = new Supervisor(stack, options, Time, Report);
        await supervisor.RunAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Whether a supervisor runs on this box, since when, and its last decisions (the state file; read-only).</summary>
    public SupervisorStatus SupervisorStatus() => SupervisorStateFile.InState(State, Time).Status();

    /// <summary>Where the supervisor's state file is (a reader watches it for changes).</summary>
    public string SupervisorStatePath => SupervisorStateFile.InState(State, Time).Path;

    /// <summary>Stalwart's container restart policy as Docker has it now (HostConfig.RestartPolicy); null without a container.</summary>
    public async Task<string?> StalwartRestartPolicyAsync(CancellationToken ct = default) =>
        (await Stack.Stack.DiscoverAsync(ct).ConfigureAwait(false)).Find(Config.Services.Stalwart)?.RestartPolicy;

    /// <summary>
    /// Sets Stalwart's container restart policy through the Docker API: "no" so dockerd never starts
    /// it outside the gate (lesson 1; supervise owns its restarts), or back to what it was before
    /// (<paramref name="restore"/>: the policy recorded in the state file, else unless-stopped). Audited;
    /// verified by reading the container back. Refused under --read-only. Returns (before, after).
    /// </summary>
    public async Task<(string Before, string After)> SetStalwartRestartPolicyAsync(bool restore, CancellationToken ct = default)
    {
        Policy.Demand(GuardedAction.RestartPolicy);
        ContainerSnapshot stalwart = (await Stack.Stack.DiscoverAsync(ct).ConfigureAwait(false)).Find(Config.Services.Stalwart)
            ?? throw new UserFacingException($"there is no {Config.Services.Stalwart} container to change; bring the stack up with tailwart up first.");
        var file = SupervisorStateFile.InState(State, Time);
        string before = await Stack.Control.RestartPolicyAsync(stalwart.Id, ct).ConfigureAwait(false);
        string target = restore ? file.Read()?.PreviousRestartPolicy ?? "unless-stopped" : "no";
        Audit.Write("supervise.restart-policy", $"{stalwart.Name} ({stalwart.ShortId}): {before} → {target}{(restore ? " (restore)" : " (dockerd must not start Stalwart outside the gate; supervise owns its restarts)")}");
        await Stack.Control.SetRestartPolicyAsync(stalwart.Id, target, ct).ConfigureAwait(false);
        string after = await Stack.Control.RestartPolicyAsync(stalwart.Id, ct).ConfigureAwait(false);
        Audit.Write("supervise.restart-policy", $"{stalwart.Name}: Docker now reports {after}{(after == target ? "" : $" (asked for {target})")}");
        if (after != target)
            throw new UserFacingException($"Docker still reports restart policy '{after}' on {stalwart.Name} after it was asked for '{target}'.");
        SupervisorState state = file.Read() ?? new SupervisorState { Pid = 0, Since = Time.GetUtcNow(), StoppedAt = Time.GetUtcNow() };
        file.Write(state with { PreviousRestartPolicy = restore ? null : (before == "no" ? state.PreviousRestartPolicy : before) });
        return (before, after);
    }

    // ---- diagnosis ----

    /// <summary>
    /// The management-API read that proves Stalwart's store (the block list, which Stalwart serves from
    /// its data store), over the same access paths as the bans. The admin credential is resolved per
    /// read, so a missing one is a "store unknown" finding, not a crash.
    /// </summary>
    internal IStoreReadProbe StoreRead => field ??= new StalwartStoreRead(async ct =>
    {
        using StalwartClient client = _bans.Client();
        IpList list = await client.ListAsync(IpListKind.Blocked, ct).ConfigureAwait(false);
        return $"block list: {list.Entries.Count} entr{(list.Entries.Count == 1 ? "y" : "ies")} via {list.Path}";
    }, Stack.Stack, Config.Services.Stalwart, Time, async ct =>
    {
        using StalwartClient client = _bans.Client();
        return await client.AnswersLiveAsync(ct).ConfigureAwait(false);
    });

    /// <summary>The one diagnosis of the running stack that status, the doctor, the services pane and `up` share. Read-only.</summary>
    public Task<StackDiagnosisResult> DiagnoseAsync(CancellationToken ct = default) => Stack.Diagnosis(StoreRead).RunAsync(ct);

    /// <summary>The services the diagnosis names, as configured.</summary>
    public DiagnosisOptions DiagnosisOptions => Stack.DiagnosisOptions;

    // ---- doctor ----

    /// <summary>The previous doctor result (0600, in the state directory), for `doctor --changes` and the change markers.</summary>
    public DoctorHistory DoctorHistory => field ??= new DoctorHistory(Path.Combine(StatePaths.EnsurePrivateDirectory(State.Directory), DoctorHistory.FileName), Time);

    /// <summary>Every check the doctor and the Checks pane run.</summary>
    public IReadOnlyList<IDoctorCheck> DoctorChecks() => Checks.DoctorChecks.Build(this, Config);

    public void Dispose()
    {
        if (_stack.IsValueCreated)
            _stack.Value.Dispose();
    }
}
