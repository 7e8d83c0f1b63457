namespace Tailwart.Core.Bans;

/// <summary>One line of a long list's grouping: a network (IPv4 /24, IPv6 /64, or a banned range as itself) or a reason, and how many entries fall in it.</summary>
public sealed record BanGroup(string Key, int Count);
