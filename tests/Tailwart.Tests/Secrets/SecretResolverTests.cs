using Tailwart.Core.Secrets;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Secrets;

public sealed class SecretResolverTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly Redactor _redactor = new();

    public void Dispose() => _dir.Dispose();

    private SecretResolver Resolver(Dictionary<string, string>? env = null) =>
        new(_redactor, name => env is not null && env.TryGetValue(name, out string? v) ? v : null);

    [Fact]
    public void Env_reference_resolves_and_is_registered_for_redaction()
    {
        var secret = Resolver(new() { ["DB_PW"] = "canary-env-1234" }).Resolve(SecretReference.Parse("env:DB_PW"), "$.postgres.password", _dir.Path);

        Assert.Equal("canary-env-1234", secret.Reveal());
        Assert.Equal("********", secret.ToString());
        Assert.Equal("pw=********", _redactor.Redact("pw=canary-env-1234"));
    }

    [Fact]
    public void Missing_variable_names_the_variable_and_the_path()
    {
        var e = Assert.Throws<SecretUnavailableException>(() => Resolver().Resolve(SecretReference.Parse("env:DB_PW"), "$.postgres.password", _dir.Path));

        Assert.Equal("$.postgres.password", e.JsonPath);
        Assert.Contains("DB_PW is not set", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_reference_is_read_relative_to_the_config_and_trimmed()
    {
        _dir.Write("secrets/pg", "canary-file-5678\n");

        var secret = Resolver().Resolve(SecretReference.Parse("file:secrets/pg"), "$.postgres.password", _dir.Path);

        Assert.Equal("canary-file-5678", secret.Reveal());
    }

    [Fact]
    public void Secret_file_readable_by_others_is_refused_with_the_chmod_that_fixes_it()
    {
        string path = _dir.Write("pg", "canary-open-9999", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var e = Assert.Throws<SecretUnavailableException>(() => Resolver().Resolve(SecretReference.Parse("file:" + path), "$.postgres.password", _dir.Path));

        Assert.Contains($"chmod 600 {path}", e.Message, StringComparison.Ordinal);
        Assert.Contains("0644", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("canary-open-9999", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_secret_file_is_named()
    {
        var e = Assert.Throws<SecretUnavailableException>(() => Resolver().Resolve(SecretReference.Parse("file:/nonexistent/pg"), "$.postgres.password", _dir.Path));

        Assert.Contains("/nonexistent/pg does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_reference_never_prints_its_value()
    {
        var reference = SecretReference.Parse("hunter2-inline");

        Assert.Equal(SecretKind.Inline, reference.Kind);
        Assert.DoesNotContain("hunter2", reference.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", $"{reference}", StringComparison.Ordinal);
    }

    [Fact]
    public void Redactor_masks_the_longer_of_two_overlapping_secrets_whole()
    {
        _redactor.Add("abcd");
        _redactor.Add("abcdefgh");

        Assert.Equal("x ******** y ********", _redactor.Redact("x abcdefgh y abcd"));
    }
}
