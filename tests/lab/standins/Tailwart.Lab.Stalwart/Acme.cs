namespace Tailwart.Lab.Stalwart;

/// <summary>
/// A token ACME DNS-01 order, so the log carries the lines tailwart explains (lesson 2). An order is
/// "triggered" at boot and on a full reload when ACME domains are configured (env
/// <c>STANDIN_ACME_DOMAINS</c> or any <c>acme.&lt;id&gt;.domains*</c> setting). With
/// <c>control/acme-unauthorized</c> present it fails with <c>Failed to set DNS RRSet: Unauthorized</c>
/// (0.15: <c>acme.dns-record-creation-failed</c>; 0.16: <c>task-manager.task-failed</c> "AcmeRenewal").
/// Without it the order just stays pending: there is no CA in the lab and nothing is ever issued.
/// </summary>
internal static class Acme
{
    public static async Task MaybeOrderAsync(LabControl lab, Store store, string generation, CancellationToken ct)
    {
        var domains = (Environment.GetEnvironmentVariable("STANDIN_ACME_DOMAINS") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var providerIds = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            var settings = await store.ReadSettingsAsync("acme.", ct);
            foreach (var (k, v) in settings)
            {
                if (k.Contains(".domains", StringComparison.Ordinal) && v.Length > 0)
                {
                    domains.Add(v);
                    providerIds.Add(k["acme.".Length..].Split('.')[0]);
                }
            }
            // 0.15 registers the ACME account at its first order and keeps only the private key
            // (acme.<id>.account-key); the account URI is never stored (stalwart.md §6).
            if (generation != "0.16")
            {
                foreach (var id in providerIds.Where(id => !settings.ContainsKey($"acme.{id}.account-key")))
                    await store.PutSettingsAsync([new($"acme.{id}.account-key", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)).TrimEnd('='))], ct);
            }
        }
        catch (StoreUnavailableException)
        {
        }
        if (domains.Count == 0) return;
        var zone = domains[0].TrimStart('*', '.');
        var orderId = Random.Shared.Next(1_000_000, 9_999_999);
        if (generation == "0.16")
        {
            StalwartLog.Info("ACME authorization started", "acme.auth-start",
                ("hostname", zone), ("type", "dns-01"), ("url", $"https://acme.lab.invalid/authz/{orderId}"));
            if (lab.AcmeUnauthorized)
            {
                StalwartLog.Warn("Task failed", "task-manager.task-failed",
                    ("details", "AcmeRenewal"), ("reason", "DNS error: Failed to set DNS RRSet: Unauthorized"));
            }
            return;
        }
        StalwartLog.Info("ACME order started", "acme.order-start", ("hostname", domains));
        StalwartLog.Info("ACME authorization started", "acme.auth-start", ("hostname", zone), ("type", "dns-01"), ("id", orderId));
        if (lab.AcmeUnauthorized)
        {
            StalwartLog.Warn("DNS record creation failed", "acme.dns-record-creation-failed",
                ("id", orderId), ("hostname", $"_acme-challenge.{zone}"), ("details", zone), ("reason", "Failed to set DNS RRSet: Unauthorized"));
            StalwartLog.Warn("DNS record creation failed", "acme.dns-record-creation-failed",
                ("details", "Failed to renew certificate"), ("reason", "Failed to set DNS RRSet: Unauthorized"));
        }
    }
}
