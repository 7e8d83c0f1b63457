namespace Tailwart.Core.Secrets;

/// <summary>
/// Resolves secret references late, at the point of use, and registers every value it hands
/// out with the <see cref="Redactor"/> so that no log line can carry it.
/// </summary>
public sealed class SecretResolver(Redactor redactor, Func<string, string?>? getEnvironment = null)
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly Func<string, string?> _getEnvironment = getEnvironment ?? Environment.GetEnvironmentVariable;

    /// <summary>Resolves <paramref name="reference"/> found at <paramref name="jsonPath"/>; relative file paths are resolved against <paramref name="baseDirectory"/>.</summary>
    /// <exception cref="SecretUnavailableException">The variable or file is missing, unreadable, empty or too open.</exception>
    public Secret Resolve(SecretReference reference, string jsonPath, string baseDirectory)
    {
        string value = reference.Kind switch
        {
            SecretKind.Environment => FromEnvironment(reference.Source, jsonPath),
            SecretKind.File => FromFile(Path.GetFullPath(Path.Combine(baseDirectory, reference.Source)), jsonPath),
            _ => reference.Source,
        };
        redactor.Add(value);
        return new Secret(value);
    }

    private string FromEnvironment(string name, string jsonPath)
    {
        if (name.Length == 0)
            throw new SecretUnavailableException(jsonPath, $"'env:' names no variable. Write env:NAME, e.g. env:STALWART_DB_PASSWORD.");
        string? value = _getEnvironment(name);
        if (string.IsNullOrEmpty(value))
            throw new SecretUnavailableException(jsonPath, $"environment variable {name} is not set (or empty). Export it before running tailwart, or point the reference at a file: file:/etc/tailwart/secrets/NAME.");
        return value;
    }

    private static string FromFile(string path, string jsonPath)
    {
        if (!File.Exists(path))
            throw new SecretUnavailableException(jsonPath, $"secret file {path} does not exist. Create it (mode 600) or fix the reference.");
        UnixFileMode mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOther) != 0)
            throw new SecretUnavailableException(jsonPath, $"secret file {path} is readable by group or others (mode {Octal(mode)}); tailwart refuses it. Fix: chmod 600 {path}");
        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > 64 * 1024)
                throw new SecretUnavailableException(jsonPath, $"secret file {path} is {info.Length} bytes; a secret file holds one value. Check the path.");
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SecretUnavailableException(jsonPath, $"cannot read secret file {path}: {e.Message}");
        }
        string value = text.TrimEnd('\r', '\n');
        if (value.Length == 0)
            throw new SecretUnavailableException(jsonPath, $"secret file {path} is empty.");
        return value;
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0');
}
