using Tailwart.Cli;
using Tailwart.Cli.Verbs;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Cli;

/// <summary>The shipped man page is the one generated from the command tree, the verb manuals and the schema.</summary>
public sealed class ManPageTests
{
    private static string Generated()
    {
        var env = new CliEnvironment(TextWriter.Null, TextWriter.Null, new Dictionary<string, string>(), Path.GetTempPath(), false);
        return ManPage.Render(TailwartCli.Build(env, (_, _) => 0), VersionVerb.Version);
    }

    [Fact]
    public void The_shipped_man_page_is_the_generated_one()
    {
        string shipped = RepoPaths.File("src", "Tailwart", "tailwart.1");
        string generated = Generated();
        // Opt-in rewrite after a verb, manual or schema change: TAILWART_WRITE_GENERATED=1 dotnet test --filter ManPageTests
        if (Environment.GetEnvironmentVariable("TAILWART_WRITE_GENERATED") == "1")
            File.WriteAllText(shipped, generated);

        Assert.True(File.Exists(shipped) && File.ReadAllText(shipped) == generated,
            "src/Tailwart/tailwart.1 differs from ManPage.Render; rewrite it with TAILWART_WRITE_GENERATED=1 dotnet test tests/Tailwart.Tests --filter ManPageTests");
    }

    [Fact]
    public void The_man_page_has_every_verb_its_exit_codes_and_the_config_keys()
    {
        string page = Generated();

        foreach (string verb in new[] { "tailwart up", "tailwart bans unban", "tailwart certs reload", "tailwart config show", "tailwart completion" })
            Assert.Contains($".SS \"{verb.Replace("-", "\\-", StringComparison.Ordinal)}\"", page, StringComparison.Ordinal);
        Assert.Contains(".SH EXIT STATUS", page, StringComparison.Ordinal);
        Assert.Contains(".B probes.intervalSeconds\n(default 60)", page, StringComparison.Ordinal);
        Assert.Contains(@".B \-\-read\-only", page, StringComparison.Ordinal);
        Assert.DoesNotContain("\n.SS \"tailwart\"\n", page, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_man_page_and_both_schemas_are_in_the_build_output_with_an_example_config()
    {
        string dir = AppContext.BaseDirectory;

        Assert.True(File.Exists(Path.Combine(dir, "tailwart.1")), "tailwart.1 is not copied beside the binary");
        Assert.Equal(File.ReadAllText(RepoPaths.File("src", "Tailwart.Core", "Config", "tailwart.schema.json")), File.ReadAllText(Path.Combine(dir, "tailwart.schema.json")));
        var example = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "tailwart.example.json")))!.AsObject();
        string schema = example["$schema"]!.GetValue<string>();
        Assert.True(File.Exists(Path.GetFullPath(Path.Combine(dir, schema))), $"the example's $schema {schema} does not resolve beside it");
        var shipped = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepoPaths.File("tailwart.json")))!.AsObject();
        example.Remove("$schema");
        shipped.Remove("$schema");
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(shipped, example), "tailwart.example.json is not the shipped tailwart.json");
        var loaded = new Tailwart.Core.Config.ConfigLoader(() => Configs.SecretEnvironment).Load(Path.Combine(dir, "tailwart.example.json"));
        Assert.Empty(loaded.Problems);
    }
}
