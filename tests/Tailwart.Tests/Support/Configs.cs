using System.Text.Json.Nodes;

namespace Tailwart.Tests.Support;

/// <summary>Config texts for tests, derived from the shipped tailwart.json so they stay valid as it grows.</summary>
public static class Configs
{
    public static string ShippedText => File.ReadAllText(RepoPaths.File("tailwart.json"));

    /// <summary>The shipped config with secrets pointing at env variables the test controls, edited by <paramref name="edit"/>.</summary>
    public static string Valid(Action<JsonObject>? edit = null)
    {
        var root = JsonNode.Parse(ShippedText)!.AsObject();
        root.Remove("$schema");
        edit?.Invoke(root);
        return root.ToJsonString(new() { WriteIndented = true });
    }

    public static readonly IReadOnlyDictionary<string, string> SecretEnvironment = new Dictionary<string, string>
    {
        ["STALWART_DB_PASSWORD"] = "canary-db-7d1f3e",
        ["STALWART_ADMIN_PASSWORD"] = "canary-admin-52c9aa",
        ["SPACESHIP_API_KEY"] = "canary-key-0b8e61",
        ["SPACESHIP_API_SECRET"] = "canary-secret-e4f2d0",
    };
}
