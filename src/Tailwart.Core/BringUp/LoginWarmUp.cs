using System.Net;
using System.Security.Cryptography;

namespace Tailwart.Core.BringUp;

/// <summary>
/// Pays the first-use costs of a PostgreSQL login once per process, off the gate's release path
/// (while the route is still being watched): OpenSSL's crypto for SCRAM-SHA-256 (PBKDF2, HMAC) and
/// Npgsql's data-source and connection set-up. Nothing is sent anywhere. Measured with a NativeAOT
/// harness of the same Npgsql against PostgreSQL 15 on this machine (2026-12-02, 3 rounds, load
/// average 12–15): the first login took 180–305 ms cold and 76–107 ms after this warm-up, which
/// itself took 90–116 ms; later logins 70–130 ms either way.
/// </summary>
internal static class LoginWarmUp
{
    private static int _begun;

    /// <summary>Starts the warm-up in the background, the first time only.</summary>
    public static void Begin(PostgresTarget target)
    {
        if (Interlocked.Exchange(ref _begun, 1) == 1)
            return;
        _ = Task.Run(async () =>
        {
            try
            {
                Rfc2898DeriveBytes.Pbkdf2("warm-up"u8, new byte[16], 1, HashAlgorithmName.SHA256, 32);
                HMACSHA256.HashData(new byte[32], "warm-up"u8);
                // a data source and a connection object through an endpoint never connected to
                await using var source = target.DataSourceVia(new IPEndPoint(IPAddress.Loopback, 9), 1, "warm-up");
                await using var connection = source.CreateConnection();
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException or InvalidOperationException)
            {
                // only an optimisation: the real login pays the same costs and reports its own errors
            }
        });
    }
}
