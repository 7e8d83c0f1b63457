using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tailwart.Core.Net;
using Tailwart.Core.Secrets;

namespace Tailwart.Core.Config;

/// <summary>
/// Loads tailwart.json: size and parse checks, environment overrides, schema validation with
/// line numbers, then the lesson-driven warnings (inline secrets, hard-coded tailnet IPs).
/// Never writes anything; a bad file leaves the user's files as they were.
/// </summary>
public sealed class ConfigLoader(Func<IEnumerable<KeyValuePair<string, string>>>? environment = null)
{
    /// <summary>A config is a few kilobytes; anything this large is the wrong file.</summary>
    public const long MaxBytes = 1024 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly Func<IEnumerable<KeyValuePair<string, string>>> _environment = environment ?? ProcessEnvironment;

    public ConfigLoadResult Load(string path)
    {
        string file = path;
        string? text = ReadText(path, out ConfigProblem? readProblem);
        if (text is null)
            return new(file, null, [readProblem!], null);

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: DocumentOptions);
            // Strings are unescaped lazily; an unpaired surrogate escape ("\ud800") only throws when read,
            // which used to escape the loader as an InvalidOperationException from the schema step.
            _ = root?.ToJsonString();
        }
        catch (InvalidOperationException e)
        {
            return new(file, null, [new ConfigProblem(ConfigSeverity.Error, file, null, "$", $"not valid JSON: {FirstSentence(e.Message)} (an unpaired \\uD800-\\uDFFF escape)", "a JSON object")], null);
        }
        catch (JsonException e)
        {
            int? line = e.LineNumber is long l ? (int)l + 1 : null;
            string position = e.BytePositionInLine is long b ? $" at column {b + 1}" : "";
            return new(file, null, [new ConfigProblem(ConfigSeverity.Error, file, line, "$", $"not valid JSON{position}: {FirstSentence(e.Message)}", "a JSON object")], null);
        }
        if (root is not JsonObject obj)
            return new(file, null, [new ConfigProblem(ConfigSeverity.Error, file, 1, "$", "the config must be a JSON object", "an object", root is null ? "null" : root.GetValueKind().ToString().ToLowerInvariant())], null);

        var overrides = EnvironmentOverrides.Apply(obj, _environment());
        var lines = JsonLineMap.Build(text, ReaderOptions);
        var problems = new List<ConfigProblem>(ConfigSchema.Instance.Validate(obj, file, lines, overrides));
        if (problems.Count > 0)
            return new(file, null, problems, obj);

        TailwartConfig config;
        try
        {
            config = obj.Deserialize(ConfigJsonContext.Default.TailwartConfig)! with { SourcePath = Path.GetFullPath(path) };
        }
        catch (Exception e) when (e is JsonException or FormatException or UriFormatException)
        {
            return new(file, null, [new ConfigProblem(ConfigSeverity.Error, file, null, "$", "the config matches the schema but could not be read: " + FirstSentence(e.Message))], obj);
        }
        problems.AddRange(ConfigSemantics.Check(config, file, lines));
        problems.AddRange(Warnings(config, file, lines));
        return new(file, config, problems, obj);
    }

    private static string? ReadText(string path, out ConfigProblem? problem)
    {
        problem = null;
        try
        {
            var info = new FileInfo(path);
            if (Directory.Exists(path))
                problem = new(ConfigSeverity.Error, path, null, "$", "is a directory, not a config file", "a tailwart.json file");
            else if (!info.Exists)
                problem = new(ConfigSeverity.Error, path, null, "$", "config file not found; pass --config PATH or set TAILWART_CONFIG");
            else if (info.Length > MaxBytes)
                problem = new(ConfigSeverity.Error, path, null, "$", "config file is too large to be a tailwart config; check the path", $"at most {MaxBytes} bytes", $"{info.Length} bytes");
            else
                return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = new(ConfigSeverity.Error, path, null, "$", $"cannot read the config file: {e.Message}; check its permissions (tailwart usually runs as root)");
        }
        return null;
    }

    private static IEnumerable<ConfigProblem> Warnings(TailwartConfig config, string file, JsonLineMap lines)
    {
        foreach (var (path, reference) in config.SecretReferences())
        {
            if (reference.Kind == SecretKind.Inline)
                yield return new(ConfigSeverity.Warning, file, lines.LineOf(path), path,
                    "inline secret: it works, but anyone who can read this file has it; use env:NAME or file:/path (mode 600)");
            else if (reference.Source.Length == 0)
                yield return new(ConfigSeverity.Error, file, lines.LineOf(path), path, $"the reference names nothing; write {reference.Kind switch { SecretKind.Environment => "env:NAME", _ => "file:/path" }}");
        }
        var tailnet = Cidr.TryParse(config.Tailnet.Cidr, out Cidr? c) ? c : Cidr.Tailnet;
        foreach (var (path, host) in new[] { ("$.postgres.host", config.Postgres.Host), ("$.stalwart.adminUrl", config.Stalwart.AdminUrl.Host) })
        {
            if (IPAddress.TryParse(host, out IPAddress? ip) && tailnet.Contains(ip))
                yield return new(ConfigSeverity.Warning, file, lines.LineOf(path), path,
                    $"hard-coded tailnet address {ip}: an ephemeral node's IP changes on re-registration (lesson 6); use its MagicDNS name");
        }
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends its own position ("Path: … | LineNumber: …"); the problem already says where.
        foreach (string tail in new[] { " Path:", " LineNumber:" })
        {
            int cut = message.IndexOf(tail, StringComparison.Ordinal);
            if (cut > 0)
                message = message[..cut];
        }
        return message.TrimEnd('.', ' ');
    }

    private static IEnumerable<KeyValuePair<string, string>> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => new KeyValuePair<string, string>((string)e.Key, (string?)e.Value ?? ""));
}
