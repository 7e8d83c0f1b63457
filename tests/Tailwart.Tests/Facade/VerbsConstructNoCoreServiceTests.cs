using System.Reflection;
using System.Text.RegularExpressions;
using Tailwart.Core;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Facade;

/// <summary>
/// No verb and no pane builds a Core service itself: they get everything from the facade (the
/// verbs through VerbContext.Core, the panes through the TUI backend). A "service" is any public
/// Core class that is neither a record, an exception, nor a static holder of pure functions.
/// </summary>
public sealed partial class VerbsConstructNoCoreServiceTests
{
    private static IEnumerable<string> CoreServices() => typeof(TailwartCore).Assembly.GetExportedTypes()
        .Where(t => t.IsClass && !t.IsAbstract && !typeof(Exception).IsAssignableFrom(t)
            && t.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is null) // records are data
        .Select(t => t.Name);

    [Fact]
    public void No_verb_or_pane_file_constructs_a_core_service()
    {
        // given
        var services = CoreServices().ToHashSet(StringComparer.Ordinal);
        Assert.Contains("TailwartCore", services); // the scan knows what a service is
        var files = Directory.EnumerateFiles(RepoPaths.File("src", "Tailwart", "Verbs"), "*.cs")
            .Concat(Directory.EnumerateFiles(RepoPaths.File("src", "Tailwart.Tui", "Panes"), "*.cs"));

        // when
        var offenders = files.SelectMany(f => New().Matches(File.ReadAllText(f))
                .Select(m => m.Groups[1].Value).Where(services.Contains)
                .Select(name => $"{Path.GetFileName(f)}: new {name}"))
            .ToList();

        // then
        Assert.True(offenders.Count == 0, "verb or pane files that build a Core service instead of asking the facade:\n" + string.Join("\n", offenders));
    }

    [GeneratedRegex(@"\bnew\s+(?:[A-Za-z_][\w]*\.)*([A-Z]\w*)\s*[({]")]
    private static partial Regex New();
}
