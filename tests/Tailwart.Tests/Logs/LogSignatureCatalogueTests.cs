using CsCheck;
using Tailwart.Core.Logs;

namespace Tailwart.Tests.Logs;

public sealed class LogSignatureCatalogueTests
{
    /// <summary>Real lines, in the formats stalwart.md quotes from Stalwart's source, with the signature each must hit.</summary>
    public static TheoryData<string, string> KnownLines => new()
    {
        { "Failed to read database configuration: PostgreSQL error (store.postgresql-error): reason = Error occurred while creating a new object: error connecting to server: Connection refused", "log.db-boot-failure" },
        { "⚠️ Startup failed: Failed to create tables: PostgreSQL error (store.postgresql-error): reason = error connecting to server: timed out", "log.db-boot-failure" },
        { "2026-11-25T10:00:00Z ERROR PostgreSQL error (store.postgresql-error) reason = \"connection closed\"", "log.db-runtime-error" },
        { "2026-11-25T10:00:00Z WARN Task failed (task-manager.task-failed) details = \"AcmeRenewal\", reason = \"DNS error: Failed to set DNS RRSet: Unauthorized\"", "log.acme-dns-unauthorized" },
        { "2026-11-25T10:00:00Z WARN DNS record creation failed (acme.dns-record-creation-failed) hostname = \"_acme-challenge.example.com\", reason = \"timeout\"", "log.acme-dns-failure" },
        { "2026-11-25T10:00:00Z WARN Task failed (task-manager.task-failed) reason = \"ACME provider requires DNS challenge but a DNS provider was not configured\"", "log.acme-no-dns-provider" },
        { "2026-11-25T10:00:00Z WARN Order invalid (acme.order-invalid) reason = \"rateLimited\"", "log.acme-failure" },
        { "2026-11-25T10:00:00Z INFO Banned due to authentication errors (security.authentication-ban) remoteIp = 203.0.113.7", "log.auto-ban" },
        { "2026-11-25T10:00:00Z INFO Blocked IP address (security.ip-blocked) listenerId = \"http\", localPort = 8080, remoteIp = 100.79.87.80, remotePort = 51234", "log.ip-blocked" },
        { "2026-11-25T10:00:00Z WARN No certificates available (tls.no-certificates-available) hostname = \"mail.example.com\"", "log.self-signed-fallback" },
        { "connect to 100.112.26.122:5432 failed: Network is unreachable (os error 101)", "log.tailnet-unreachable" },
    };

    [Theory]
    [MemberData(nameof(KnownLines))]
    public void Known_lines_are_explained_by_their_signature(string line, string id)
    {
        var signature = LogSignatureCatalogue.Match(line);

        Assert.NotNull(signature);
        Assert.Equal(id, signature.Id);
        Assert.False(string.IsNullOrWhiteSpace(signature.Fix));
    }

    [Theory]
    [InlineData("2026-11-25T10:00:00Z INFO Network listener started (network.listen-start) listenerId = \"smtp\", localPort = 25")]
    [InlineData("connect to 10.0.0.5:5432 failed: Network is unreachable")]
    [InlineData("connect to 100.128.0.1:5432 failed: Network is unreachable")]
    [InlineData("")]
    public void Ordinary_lines_match_nothing(string line)
    {
        Assert.Null(LogSignatureCatalogue.Match(line));
    }

    [Fact]
    public void Every_signature_has_a_unique_id_a_title_and_a_fix()
    {
        Assert.Equal(LogSignatureCatalogue.All.Count, LogSignatureCatalogue.All.Select(s => s.Id).Distinct().Count());
        Assert.All(LogSignatureCatalogue.All, s => Assert.False(string.IsNullOrWhiteSpace(s.Title + s.Explanation + s.Fix)));
    }

    [Fact]
    public void Matching_never_throws_on_arbitrary_text()
    {
        Gen.String.Sample(text => LogSignatureCatalogue.Match(text) is var _, iter: 2000);
    }

    [Fact]
    public void A_known_line_inside_arbitrary_noise_is_still_found_within_the_window()
    {
        Gen.Select(Gen.String[0, 1000], Gen.String[0, 1000]).Sample((before, after) =>
        {
            string line = before.Replace("\n", " ", StringComparison.Ordinal) + " Failed to set DNS RRSet: Unauthorized " + after;
            return LogSignatureCatalogue.Match(line)?.Id == "log.acme-dns-unauthorized";
        }, iter: 500);
    }
}

public sealed class LogSignatureCorpusTests
{
    public static TheoryData<string, string> CorpusLines()
    {
        var data = new TheoryData<string, string>();
        foreach (string line in Tailwart.Tests.Stalwart.StalwartCorpus.Lines("v016/log-lines.txt"))
        {
            int tab = line.IndexOf('\t', StringComparison.Ordinal);
            data.Add(line[..tab], line[(tab + 1)..]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusLines))]
    public void The_most_specific_signature_wins(string id, string line)
    {
        Assert.Equal(id, LogSignatureCatalogue.Match(line)?.Id);
    }

    [Fact]
    public void A_store_error_to_a_tailnet_address_is_lesson_6_and_still_counts_as_a_store_error()
    {
        string line = Tailwart.Tests.Stalwart.StalwartCorpus.Lines("v016/log-lines.txt").First(l => l.StartsWith("log.tailnet-unreachable\t", StringComparison.Ordinal)).Split('\t')[1];

        Assert.Equal(6, LogSignatureCatalogue.Match(line)?.Lesson);
        Assert.Equal(["log.tailnet-unreachable", "log.db-runtime-error"], LogSignatureCatalogue.MatchAll(line).Select(s => s.Id));
    }
}
