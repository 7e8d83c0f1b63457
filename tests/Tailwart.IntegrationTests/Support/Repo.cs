namespace Tailwart.IntegrationTests.Support;

/// <summary>The repository's root, found from the test's bin folder.</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "tailwart.sln")))
                return d.FullName;
        }
        throw new InvalidOperationException("tailwart.sln not found above " + AppContext.BaseDirectory);
    }
}
