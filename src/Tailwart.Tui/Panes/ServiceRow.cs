namespace Tailwart.Tui.Panes;

/// <summary>One compose service as the services list shows it.</summary>
public sealed record ServiceRow(string Name, string State, string Health, string Uptime, int Restarts, string? RouteLevel)
{
    /// <summary>
    /// What Core's stack diagnosis says about this service when it says anything (a stale netns, no
    /// working store, a restart loop); shown in the row, abbreviated to the width, in full on S.
    /// </summary>
    public string? Diagnosis { get; init; }

    /// <summary>
    /// One row at <paramref name="width"/>: fixed columns first, then route and diagnosis cut with "…" (never wrapped: every
    /// service keeps its one row). The uptime column holds "since HH:MM:SSZ" whole (15 wide): the start time is what tells a
    /// restarted container from the one before it, so it is the last thing to cut.
    /// </summary>
    public string Format(int width, int nameWidth)
    {
        string head = $"{Cut(Name, nameWidth).PadRight(nameWidth)} {Cut(State, 10),-10} {Cut(Health, 9),-9} up {Cut(Uptime, 15),-15} ↻{Restarts,-3}";
        string tail = string.Join(" · ", new[] { RouteLevel is null ? null : "route: " + RouteLevel, Diagnosis }.OfType<string>());
        return Core.Presenting.TextWrap.Cut(tail.Length == 0 ? head : head + " " + tail, width);
    }

    /// <summary>Every field in full, for the services detail.</summary>
    public string Detail() =>
        $"{Name}: {State}, health {Health}, up {Uptime}, {Restarts} restart{(Restarts == 1 ? "" : "s")}{(RouteLevel is null ? "" : $", route reached: {RouteLevel}")}{(Diagnosis is null ? "" : $"\n  diagnosis: {Diagnosis}")}";

    private static string Cut(string s, int width) => Core.Presenting.TextWrap.Cut(s, width);
}
