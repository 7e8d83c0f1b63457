namespace Tailwart.Core.Bans;

/// <summary>The lesson-3 texts, in one place so the verb, the pane and --json say the same thing.</summary>
public static class LessonThree
{
    public const int Lesson = 3;

    public const string Explanation =
        "Mail still relays because on the mail listeners the ban is checked against the PROXY header's client IP, " +
        "while :8080 from the box is dropped because the admin listener (no PROXY) checks the socket IP. " +
        "Malformed probing of the mail ports re-arms the ban.";

    public const string Fix =
        "Unban it (tailwart bans unban ADDRESS), then allow-list the tailnet range and the WAN IP (tailwart bans allow-fix) so it cannot come back; don't rapid-poll the mail ports.";

    public static string Describe(BoxAddressKind kind) => kind switch
    {
        BoxAddressKind.WanIp => "the box's WAN IP (the proxied client when the box reaches its own public hostname)",
        BoxAddressKind.Tailnet => "a tailnet address",
        _ => "this edge box's own address (the socket IP the admin listener sees)",
    };
}
