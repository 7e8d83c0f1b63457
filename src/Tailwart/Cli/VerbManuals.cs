using System.CommandLine;

namespace Tailwart.Cli;

/// <summary>
/// The man-page sections of every verb, keyed by its command path ("tailwart certs reload"). One
/// table so the exit-code contract of all verbs can be read (and tested) side by side.
/// </summary>
public static class VerbManuals
{
    private const string Config = "Config: --config, else $TAILWART_CONFIG, ./tailwart.json, $XDG_CONFIG_HOME/tailwart/tailwart.json, /etc/tailwart/tailwart.json";
    private const string State = "$XDG_STATE_HOME/tailwart";
    private const string Ledger = State + "/probe-ledger.json: the probe and key-test budgets, shared by every tailwart process";
    private const string Audit = State + "/audit.log: one line per action (who, what, verified outcome); never secrets";
    private const string Logs = State + "/logs/: tailwart's own log (stack traces go here, never to the screen)";
    private const string Schema = "doctor.schema.json beside the tailwart binary: the JSON Schema of doctor --json";
    private const string Interrupted = "interrupted (Ctrl-C)";
    private const string ConfigError = "error: config invalid, secret unresolvable, Docker or the stack unreachable";

    private static readonly Dictionary<string, VerbManual> Manuals = new(StringComparer.Ordinal)
    {
        ["tailwart"] = new(
            [(0, "the TUI closed normally"), (2, ConfigError + ", or no usable terminal (use the verbs)"), (130, Interrupted)],
            [("tailwart", "open the TUI on ./tailwart.json"), ("tailwart --read-only -c /srv/mail/tailwart.json", "look around without being able to change anything"), ("tailwart doctor", "the headless break-glass check")],
            [Config, Logs],
            ["tailwart up", "tailwart doctor", "tailwart status", "README.md (Install, Exit codes)"]),
        ["tailwart config"] = new(
            [(2, "no subcommand given")],
            [("tailwart config check", "validate the config and every secret reference"), ("tailwart config show --json", "the effective config, secrets masked")],
            [Config],
            ["tailwart config check", "tailwart config show"]),
        ["tailwart config check"] = new(
            [(0, "valid, every secret resolves"), (1, "valid, with warnings"), (2, "errors (each with its JSON path and a fix)"), (130, Interrupted)],
            [("tailwart config check", "check the config tailwart would use"), ("tailwart config check -c ./staging.json --json", "check another file; problems as JSON")],
            [Config, "Overrides: TAILWART__SECTION__KEY environment variables"],
            ["tailwart config show", "tailwart lint"]),
        ["tailwart config show"] = new(
            [(0, "printed"), (2, "the config has errors"), (130, Interrupted)],
            [("tailwart config show", "file + TAILWART__ overrides, secrets masked"), ("tailwart config show --json | jq .postgres", "one section, for a script")],
            [Config],
            ["tailwart config check"]),
        ["tailwart lint"] = new(
            [(0, "clean"), (1, "warnings"), (2, "failures (e.g. a route-blind healthcheck, lesson 1), or a compose file missing"), (130, Interrupted)],
            [("tailwart lint", "lint the compose files named in the config"), ("tailwart lint --json", "findings as JSON")],
            [Config, "compose.files and .env in compose.projectDirectory; Caddyfiles beside them"],
            ["tailwart doctor", "tailwart config check"]),
        ["tailwart probe"] = new(
            [(0, "every port answered its protocol"), (2, "a port unreachable, closed at once (a ban? lesson 3) or not speaking its protocol"), (3, "refused by the probe budget (says when the next probe is allowed)"), (130, Interrupted)],
            [("tailwart probe", "every mail port through the edge, as the world sees it"), ("tailwart probe 25 587 --via netns", "two ports from inside the sidecar's netns")],
            [Config, Ledger],
            ["tailwart certs", "tailwart bans", "tailwart doctor"]),
        ["tailwart certs"] = new(
            [(0, "every port serves a valid certificate covering its names"), (1, "warnings (expiring, untrusted chain, different certificates per port)"), (2, "failures (self-signed fallback, names not covered, expired, no TLS)"), (3, "the sweep was refused by the probe budget"), (130, Interrupted)],
            [("tailwart certs", "both paths: through the edge and inside the sidecar's netns"), ("tailwart certs --via edge --json", "the edge only, as JSON")],
            [Config, Ledger],
            ["tailwart certs reload", "tailwart doctor", "tailwart logs --explain"]),
        ["tailwart certs reload"] = new(
            [(0, "reloaded and every port re-inspected clean"), (1, "reloaded, warnings remain"), (2, "the reload failed, or failures remain"), (3, "refused: --read-only, or the budget"), (130, Interrupted)],
            [("tailwart certs reload", "asks once, then reloads and re-inspects"), ("tailwart certs reload --yes --json", "no question (needed without a terminal)")],
            [Config, Audit],
            ["tailwart certs"]),
        ["tailwart doctor"] = new(
            [(0, "no warnings or failures (information only)"), (1, "warnings"), (2, "failures, or the config/Docker unusable"), (130, Interrupted)],
            [("tailwart doctor", "every check at once, with evidence, lesson and fix"), ("tailwart doctor --only route --only stack", "just the Postgres route and the containers"), ("tailwart doctor --skip key-test --json | jq '.checks[].findings[]'", "everything but the key test, as JSON")],
            [Config, Ledger, Schema],
            ["tailwart status", "tailwart certs", "tailwart bans", "tailwart key-test", "tailwart lint"]),
        ["tailwart logs"] = new(
            [(0, "printed (or followed until Ctrl-C)"), (2, "Docker or the stack is not there, or a bad --since/--grep"), (130, Interrupted)],
            [("tailwart logs --since 15m --explain", "the last quarter hour, known lines explained"), ("tailwart logs -f --grep 'postgres|store'", "follow the store's lines")],
            [Config],
            ["tailwart doctor", "tailwart status"]),
        ["tailwart bans"] = new(
            [(0, "no bans of the box's own addresses, allow-list complete"), (1, "warnings (allow-list incomplete, the admin port does not answer)"), (2, "a ban of the box's own WAN/tailnet/edge address, or the API unusable"), (130, Interrupted)],
            [("tailwart bans", "who is banned and why, the allow-list audit"), ("tailwart bans allow-fix", "add the tailnet and the WAN IP to the allow-list")],
            [Config],
            ["tailwart bans unban", "tailwart bans allow-fix", "tailwart bans flush", "tailwart probe"]),
        ["tailwart bans list"] = new(
            [(0, "no bans of the box's own addresses, allow-list complete"), (1, "warnings"), (2, "a ban of the box's own address, or the API unusable"), (130, Interrupted)],
            [("tailwart bans list --json", "the ban list as JSON")],
            [Config],
            ["tailwart bans"]),
        ["tailwart bans unban"] = new(
            [(0, "unbanned and verified by re-reading"), (1, "nothing to unban"), (2, "failed"), (3, "refused by --read-only"), (130, Interrupted)],
            [("tailwart bans unban 203.0.113.7", "asks once, unbans, reloads, verifies"), ("tailwart bans unban 203.0.113.7 100.64.0.0/10 --yes", "several, without asking")],
            [Config, Audit],
            ["tailwart bans", "tailwart bans allow-fix"]),
        ["tailwart bans allow-fix"] = new(
            [(0, "allow-listed and verified"), (2, "failed"), (3, "refused by --read-only"), (130, Interrupted)],
            [("tailwart bans allow-fix", "asks once, then adds the tailnet range and the WAN IP (lesson 3)")],
            [Config, Audit],
            ["tailwart bans"]),
        ["tailwart bans flush"] = new(
            [(0, "flushed and Stalwart verified"), (1, "done, but some bans were persisted and survived"), (2, "failed or unavailable"), (3, "refused by the route gate or --read-only"), (130, Interrupted)],
            [("tailwart bans flush", "restart Stalwart through the gate to drop in-memory bans")],
            [Config, Audit],
            ["tailwart bans", "tailwart up"]),
        ["tailwart key-test"] = new(
            [(0, "the key works"), (1, "rate limited (try later)"), (2, "the key or secret is bad, or IP-restricted"), (3, "refused by the budget (one test per 10 s)"), (130, Interrupted)],
            [("tailwart key-test", "one request to Spaceship's DNS API, explained (lesson 2)")],
            [Config, Ledger],
            ["tailwart doctor", "tailwart certs"]),
        ["tailwart version"] = new(
            [(0, "printed")],
            [("tailwart version", "tailwart's version"), ("tailwart version --json", "the same as JSON")],
            [],
            ["tailwart doctor"]),
        ["tailwart completion"] = new(
            [(0, "printed"), (2, "an unknown shell")],
            [("tailwart completion bash > /etc/bash_completion.d/tailwart", "install bash completion for every user"), ("source <(tailwart completion bash)", "this shell only")],
            ["/etc/bash_completion.d/tailwart (where bash-completion looks)"],
            ["README.md (Install)"]),
        ["tailwart up"] = new(
            [(0, "Stalwart up and verified"), (2, "a step failed (its evidence says which)"), (3, "the route gate refused to start Stalwart"), (130, Interrupted)],
            [("tailwart up", "the gated bring-up, step by step"), ("tailwart up --dry-run", "look and verify the route once; start nothing")],
            [Config, Audit],
            ["tailwart status", "tailwart doctor", "tailwart logs"]),
        ["tailwart supervise"] = new(
            [(0, "--restore-restart-policy done"), (2, ConfigError + ", or the restart-policy change failed"), (3, "refused: --read-only"), (130, Interrupted), (143, "stopped by SIGTERM (systemctl stop): a clean stop, with an audit line")],
            [("systemctl enable --now tailwart-supervise", "run it at boot (the unit in src/Tailwart/dist/)"), ("tailwart supervise --apply-restart-policy --json", "set Stalwart's restart policy to \"no\", then supervise; decisions as JSON lines"), ("tailwart supervise --restore-restart-policy", "undo the policy change")],
            [Config, Audit, "/var/lib/tailwart/supervise.json (or " + State + "): pid, since, last decisions; read by status, doctor and the TUI", "/var/lib/tailwart/stack-actor.lock: one actor at a time (up, the TUI's actions, supervise)"],
            ["tailwart up", "tailwart status", "tailwart lint", "README.md (Supervise)"]),
        ["tailwart status"] = new(
            [(0, "the Postgres route is verified"), (1, "the route is not verified"), (2, "error (config, Docker)"), (130, Interrupted)],
            [("tailwart status", "services, health, restarts and the route level"), ("tailwart status --json", "the same as JSON")],
            [Config],
            ["tailwart up", "tailwart doctor"]),
    };

    /// <summary>The manual of a command path, or null when there is none (a test fails on that).</summary>
    public static VerbManual? For(string path) => Manuals.GetValueOrDefault(path);

    /// <summary>"tailwart certs reload" for the reload command.</summary>
    public static string PathOf(Command command)
    {
        var names = new List<string> { command.Name };
        for (Command? c = Parent(command); c is not null; c = Parent(c))
            names.Insert(0, c.Name);
        names[0] = "tailwart"; // the root's name is the executable's, whatever it was launched as
        return string.Join(' ', names);
    }

    private static Command? Parent(Command command) => command.Parents.OfType<Command>().FirstOrDefault();
}
