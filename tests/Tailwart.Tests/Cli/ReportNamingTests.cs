using System.Text.Json.Serialization;
using Tailwart.Cli;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Cli;

/// <summary>
/// The naming rule of src/Tailwart/Reports: a whole --json document is an XReport, registered in
/// CliJson; a record inside one is an XLine and is not registered on its own. Each file is named
/// for the record it holds.
/// </summary>
public sealed class ReportNamingTests
{
    [Fact]
    public void Reports_are_the_documents_cli_json_writes_and_lines_are_what_they_hold()
    {
        // given
        var files = Directory.GetFiles(RepoPaths.File("src", "Tailwart", "Reports"), "*.cs").Select(f => Path.GetFileNameWithoutExtension(f)!).ToHashSet(StringComparer.Ordinal);
        var documents = typeof(CliJson).GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(JsonSerializableAttribute))
            .Select(a => ((Type)a.ConstructorArguments[0].Value!).Name)
            .ToHashSet(StringComparer.Ordinal);

        // then
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.True(f.EndsWith("Report", StringComparison.Ordinal) || f.EndsWith("Line", StringComparison.Ordinal), $"Reports/{f}.cs is neither an XReport document nor an XLine inside one"));
        Assert.Equal(files.Where(f => f.EndsWith("Report", StringComparison.Ordinal)).Order(StringComparer.Ordinal), documents.Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.NotNull(typeof(CliJson).Assembly.GetTypes().SingleOrDefault(t => t.Name == f)));
    }
}
