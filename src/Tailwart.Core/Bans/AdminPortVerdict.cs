namespace Tailwart.Core.Bans;

/// <summary>What one polite GET of the admin port showed.</summary>
public enum AdminPortVerdict
{
    /// <summary>An HTTP answer came back: the admin port serves this box.</summary>
    Answers,

    /// <summary>Accepted, then closed (or reset) before any answer: a ban on this box's socket IP (lesson 3).</summary>
    AcceptsThenCloses,

    /// <summary>No TCP connection, or no answer within the timeout.</summary>
    Unreachable,
}
