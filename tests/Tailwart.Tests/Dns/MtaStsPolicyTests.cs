using Tailwart.Core.Dns;

namespace Tailwart.Tests.Dns;

public sealed class MtaStsPolicyTests
{
    [Fact]
    public void A_well_formed_policy_with_crlf_and_several_mx_lines_parses()
    {
        // given
        string text = "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.backup.example.com\r\nmax_age: 604800\r\n";

        // when
        var policy = MtaStsPolicy.Parse(text);

        // then
        Assert.True(policy.IsValid, string.Join("; ", policy.Problems));
        Assert.Equal("STSv1", policy.Version);
        Assert.Equal("enforce", policy.Mode);
        Assert.Equal(604800, policy.MaxAge);
        Assert.Equal(["mail.example.com", "*.backup.example.com"], policy.Mx);
    }

    [Fact]
    public void Unknown_keys_are_ignored_as_the_rfc_asks()
    {
        var policy = MtaStsPolicy.Parse("version: STSv1\nmode: testing\nmx: mail.example.com\nmax_age: 86400\nx-comment: hello\n");

        Assert.True(policy.IsValid);
        Assert.Equal("testing", policy.Mode);
    }

    [Theory]
    [InlineData("mode: enforce\nmx: mail.example.com\nmax_age: 86400", "no version line")]
    [InlineData("version: STSv2\nmode: enforce\nmx: mail.example.com\nmax_age: 86400", "not STSv1")]
    [InlineData("version: STSv1\nmode: strict\nmx: mail.example.com\nmax_age: 86400", "is not enforce, testing or none")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mail.example.com", "no max_age line")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: soon", "not a number of seconds")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: -5", "not a number of seconds")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 99999999999999999999", "not a number of seconds")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 31557601", "over the RFC's limit")]
    [InlineData("version: STSv1\nmode: enforce\nmax_age: 86400", "no mx line")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mail.*.example.com\nmax_age: 86400", "is not a host name")]
    [InlineData("<html><body>404</body></html>", "is not 'key: value'")]
    public void Bad_input_is_a_problem_never_an_exception(string text, string expected)
    {
        var policy = MtaStsPolicy.Parse(text);

        Assert.False(policy.IsValid);
        Assert.Contains(policy.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Mode_none_may_omit_mx()
    {
        Assert.True(MtaStsPolicy.Parse("version: STSv1\nmode: none\nmax_age: 86400\n").IsValid);
    }

    [Fact]
    public void An_empty_body_is_invalid()
    {
        var policy = MtaStsPolicy.Parse("");

        Assert.False(policy.IsValid);
        Assert.Contains("no version line", policy.Problems);
    }
}
