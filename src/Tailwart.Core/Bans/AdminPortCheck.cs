using Tailwart.Core.Guards;
using Tailwart.Core.Net;
using Tailwart.Core.Probes;

namespace Tailwart.Core.Bans;

/// <summary>
/// The admin-port diagnosis behind the probe budget, so the pane and the verb together can never
/// poll it: it takes the same ledger slot as <c>tailwart probe 8080</c> (edge path, admin URL).
/// </summary>
internal sealed class AdminPortCheck(BudgetGuard guard, IConnector connector, Uri adminUrl)
{
    /// <summary>One GET of the admin port, or null when the budget says it was checked moments ago.</summary>
    public async Task<AdminPortDiagnosis?> RunAsync(CancellationToken ct = default)
    {
        try
        {
            return await guard.RunAsync(ProbeService.KeyOf(connector.PathName, adminUrl.Host, adminUrl.Port), $"probe of {adminUrl.Host}:{adminUrl.Port} ({connector.PathName})",
                token => AdminPortDiagnoser.DiagnoseAsync(connector, adminUrl, ProbeService.Timeout, token), ct).ConfigureAwait(false);
        }
        catch (GuardRefusedException)
        {
            return null;
        }
    }
}
