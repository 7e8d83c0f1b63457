namespace Tailwart.Core.Guards;

/// <summary>
/// Every action tailwart can take that changes something or sends traffic a server may hold
/// against this box: what <see cref="ReadOnlyPolicy"/> refuses under --read-only. Looking
/// (status, logs, certs, bans, doctor) is not an action.
/// </summary>
public enum GuardedAction
{
    /// <summary>A protocol conversation with a mail port (lesson 3: a probe can arm a ban).</summary>
    Probe,

    /// <summary>One request to the Spaceship API with the configured key (lesson 2).</summary>
    KeyTest,

    /// <summary>Starting or creating the stack's containers.</summary>
    Up,

    /// <summary>Deleting bans from Stalwart's block list.</summary>
    Unban,

    /// <summary>Writing the box's addresses to Stalwart's allow-list.</summary>
    AllowFix,

    /// <summary>Restarting Stalwart to flush its in-memory bans.</summary>
    Flush,

    /// <summary>Asking Stalwart to reload its TLS certificates.</summary>
    CertificateReload,

    /// <summary>Supervising the stack (gated restarts of Stalwart when it dies or its sidecar restarts).</summary>
    Supervise,

    /// <summary>Changing Stalwart's container restart policy through the Docker API.</summary>
    RestartPolicy,
}
