using System.Text;
using Tailwart.Core.Probes;

namespace Tailwart.Tests.Probes;

public sealed class TextSessionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_multiline_smtp_reply_is_read_from_one_segment()
    {
        var session = new TextSession(new MemoryStream(Encoding.ASCII.GetBytes("250-mail.example.com\r\n250-STARTTLS\r\n250 SIZE 1000\r\n220 next\r\n")), Timeout);

        var reply = await session.ReadSmtpReplyAsync(CancellationToken.None);

        Assert.Equal(["250-mail.example.com", "250-STARTTLS", "250 SIZE 1000"], reply);
        Assert.Equal("220 next", await session.ReadLineAsync(CancellationToken.None));
        Assert.Null(await session.ReadLineAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_line_trickling_in_one_byte_per_read_is_assembled()
    {
        var session = new TextSession(new TrickleStream(Encoding.ASCII.GetBytes("* OK IMAP ready\r\nA1 OK done")), Timeout);

        Assert.Equal("* OK IMAP ready", await session.ReadLineAsync(CancellationToken.None));
        Assert.Equal("A1 OK done", await session.ReadLineAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Plaintext_left_unread_at_starttls_is_discarded_not_read_as_protected()
    {
        // given: an injected line right behind the STARTTLS go-ahead, in the same segment
        var session = new TextSession(new MemoryStream(Encoding.ASCII.GetBytes("220 go ahead\r\n250 injected\r\n")), Timeout);
        Assert.Equal("220 go ahead", (await session.ReadSmtpReplyAsync(CancellationToken.None))![0]);

        // when
        session.Upgrade(new MemoryStream(Encoding.ASCII.GetBytes("250 from tls\r\n")));

        // then
        Assert.Equal("250 from tls", await session.ReadLineAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_line_without_end_is_capped()
    {
        var session = new TextSession(new MemoryStream(new byte[20_000].Select(_ => (byte)'x').ToArray()), Timeout);

        string? line = await session.ReadLineAsync(CancellationToken.None);

        Assert.Equal(8192, line!.Length);
    }

    /// <summary>Returns at most one byte per read, as a slow peer's segments might.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
