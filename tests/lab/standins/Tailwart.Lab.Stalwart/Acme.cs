namespace Tailwart.Lab.Stalwart;

/// <summary>
/// A token ACME DNS-01 order, so the log carries the lines tailwart explains (lesson 2). An order is
/// "triggered" at boot and on a full reload when ACME domains are configured (env
/// <c>STANDIN_ACME_DOMAINS</c> or any <c>acme.&lt;id&gt;.domains*</c> setting). With
/// <c>control/acme-unauthorized</c> present it fails: on 0.15 with one WARN <c>acme.dns-record-creation-failed</c>
/// <c>reason = "Unauthorized"</c>; on 0.16 silently at info level, as 0.16.18 does, with the AcmeRenewal task kept
/// in status Retry (<see cref="TaskQueue16"/>; CONTRACT.md B7).
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
                // 0.15.5 orders only for a provider with a non-empty directory and a contact (v0.15.5
                // crates/common/src/config/server/tls.rs AcmeProviders::parse: sub_keys("acme", ".directory")).
                var pid = k["acme.".Length..].Split('.')[0];
                if (generation != "0.16" && !(settings.TryGetValue($"acme.{pid}.directory", out var dir) && dir.Trim().Length > 0
                    && settings.Any(c => c.Key.StartsWith($"acme.{pid}.contact", StringComparison.Ordinal) && c.Value.Trim().Length > 0)))
                    continue;
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
            // 0.16.18 retries an AcmeRenewal forever (perpetual_retry_time, v0.16.18 crates/services/src/task_manager/
            // manager.rs): a failure is a TaskRetry event at DEBUG and the task's status Retry{failureReason}, never a
            // WARN task-failed. An info-level console tracer shows nothing, so neither does the stand-in; the failure is
            // kept in the task's status, where tailwart reads it (x:Task). The reason is AcmeError::Dns's Display over
            // dns/update.rs's "Failed to set DNS RRSet: {err}" (v0.16.18 crates/common/src/network/acme/mod.rs 258).
            if (lab.AcmeUnauthorized)
                TaskQueue16.RecordRetry(await DomainIdAsync(store, zone, ct), "DNS error: Failed to set DNS RRSet: Unauthorized");
            return;
        }
        StalwartLog.Info("ACME order started", "acme.order-start", ("hostname", domains));
        StalwartLog.Info("ACME authorization started", "acme.auth-start", ("hostname", zone), ("type", "dns-01"), ("id", orderId));
        if (lab.AcmeUnauthorized)
        {
            // One WARN, keys as v0.15.5 crates/common/src/listener/acme/order.rs builds the error (Id, Hostname, Details =
            // origin, reason = the dns-update error's text: "Unauthorized"; "Failed to set DNS RRSet" exists only from
            // 0.16.7). Real Stalwart writes it after its retries run out (~17 min); the stand-in writes it at once.
            StalwartLog.Warn("DNS record creation failed", "acme.dns-record-creation-failed",
                ("id", "le"), ("hostname", $"_acme-challenge.{zone}"), ("details", zone), ("reason", "Unauthorized"));
        }
    }

    /// <summary>The x:Domain id whose name is <paramref name="zone"/> (the renewal task's domainId), or "0" when none is stored.</summary>
    private static async Task<string> DomainIdAsync(Store store, string zone, CancellationToken ct)
    {
        try
        {
            foreach (var v in (await store.ReadSettingsAsync("registry.x:Domain.", ct)).Values)
            {
                if (Json.Parse(System.Text.Encoding.UTF8.GetBytes(v)) is System.Text.Json.Nodes.JsonObject d && (string?)d["name"] == zone)
                    return (string?)d["id"] ?? "0";
            }
        }
        catch (StoreUnavailableException)
        {
        }
        return "0";
    }
}
