namespace Tailwart.Tui.Keys;

/// <summary>The ids that bind keys and `:` commands to their handlers; one handler per id (a test checks every id has one).</summary>
public static class CommandIds
{
    public const string Quit = "quit";
    public const string Close = "close";
    public const string Help = "help";
    public const string CommandLine = "command-line";
    public const string BringUp = "bring-up";
    public const string Refresh = "refresh";
    public const string NextTheme = "theme.next";
    public const string Theme = "theme";
    public const string NextTab = "tab.next";
    public const string PreviousTab = "tab.previous";
    public const string TabLogs = "tab.logs";
    public const string TabCerts = "tab.certs";
    public const string TabBans = "tab.bans";
    public const string TabChecks = "tab.checks";
    public const string TabProbes = "tab.probes";
    public const string Open = "open";
    public const string ServicesDetail = "services.detail";
    public const string Explain = "logs.explain";
    public const string Search = "logs.search";
    public const string SearchPrompt = "logs.search-prompt";
    public const string NextMatch = "logs.next";
    public const string PreviousMatch = "logs.previous";
    public const string Follow = "logs.follow";
    public const string NextError = "logs.next-error";
    public const string Include = "logs.include";
    public const string IncludePrompt = "logs.include-prompt";
    public const string Exclude = "logs.exclude";
    public const string ExcludePrompt = "logs.exclude-prompt";
    public const string Level = "logs.level";
    public const string CycleLevel = "logs.cycle-level";
    public const string ClearFilters = "logs.clear";
    public const string Export = "logs.export";
    public const string ExportPrompt = "logs.export-prompt";
    public const string Older = "logs.older";
    public const string Unban = "bans.unban";
    public const string AllowFix = "bans.allow-fix";
    public const string Flush = "bans.flush";
    public const string ReloadCertificates = "certs.reload";
    public const string Probe = "probes.probe";
    public const string ProbePrompt = "probes.probe-prompt";
    public const string KeyTest = "probes.key-test";
}
