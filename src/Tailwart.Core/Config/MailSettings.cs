namespace Tailwart.Core.Config;

/// <summary>The mail domain and the hostnames its certificates must cover.</summary>
public sealed record MailSettings
{
    public required string Domain { get; init; }
    public required MailHostnames Hostnames { get; init; }
}
