using Tailwart.Core.Stalwart;

namespace Tailwart.Core.Bans;

/// <summary>One ban as the pane and the verb show it: the entry and which of this box's identities it hits.</summary>
public sealed record BanEntry(IpListEntry Entry, IReadOnlyList<BoxAddressKind> Matches)
{
    /// <summary>True when this ban cuts the box off (lesson 3): highlight it.</summary>
    public bool IsBoxAddress => Matches.Count > 0;

    public string Address => Entry.Address;
}
