using System.Net.Http.Headers;
using System.Text;
using Tailwart.Core.Secrets;

namespace Tailwart.Core.Stalwart;

/// <summary>
/// The admin credential and where it came from. Messages name the reference
/// (<c>$.stalwart.adminPassword = env:STALWART_ADMIN_PASSWORD</c>), never the value; the value
/// leaves the <see cref="Secret"/> only when the Authorization header is built.
/// </summary>
public sealed class StalwartCredential(string user, Secret secret, string jsonPath, SecretReference reference)
{
    public string User { get; } = user;

    /// <summary>Where the secret is configured, safe to print.</summary>
    public string Describe() => $"{JsonPathAndReference} ({Scheme} as '{(IsApiKey ? "api key" : User)}')";

    /// <summary><c>$.stalwart.adminPassword = env:NAME</c>.</summary>
    public string JsonPathAndReference => $"{jsonPath} = {reference}";

    /// <summary>
    /// An API key is sent as Bearer (stalwart.md §1): 0.15 keys are written <c>api_…</c>, 0.16 keys
    /// <c>API_…</c>. Anything else is a password for Basic with the configured user.
    /// </summary>
    public bool IsApiKey => secret.Reveal().StartsWith("api_", StringComparison.OrdinalIgnoreCase);

    public string Scheme => IsApiKey ? "Bearer" : "Basic";

    internal AuthenticationHeaderValue Header() => IsApiKey
        ? new AuthenticationHeaderValue("Bearer", secret.Reveal())
        : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{secret.Reveal()}")));

    public override string ToString() => Describe();
}
