using Tailwart.Core.BringUp;
using Tailwart.Core.Config;
using Tailwart.Core.Diagnosis;
using Tailwart.Core.Stalwart;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// The management-API read the diagnosis and `up` use to prove Stalwart's store (the block list,
/// which Stalwart serves from its data store), over the same access paths as `tailwart bans`. The
/// admin credential is resolved per read, so a missing one is a "store unknown" finding, not a crash.
/// </summary>
public static class StoreReads
{
    public static IStoreReadProbe For(VerbContext context, TailwartConfig config, StackServices services) =>
        new StalwartStoreRead(async ct =>
        {
            using StalwartClient client = BansServices.Client(context, config);
            IpList list = await client.ListAsync(IpListKind.Blocked, ct).ConfigureAwait(false);
            return $"block list: {list.Entries.Count} entr{(list.Entries.Count == 1 ? "y" : "ies")} via {list.Path}";
        }, services.Stack, config.Services.Stalwart, services.Time);
}
