using System.Buffers.Binary;
using System.Text;
using Tailwart.Core.Logs;

namespace Tailwart.Tests.Logs;

public sealed class DockerFrameDecoderTests
{
    private static byte[] Frames(params (byte Target, string Payload)[] frames) =>
        frames.SelectMany(f =>
        {
            byte[] body = Encoding.UTF8.GetBytes(f.Payload);
            byte[] frame = new byte[8 + body.Length];
            frame[0] = f.Target;
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)body.Length);
            body.CopyTo(frame, 8);
            return frame;
        }).ToArray();

    /// <summary>Decodes <paramref name="data"/> arriving in reads of <paramref name="readSize"/> bytes, as the log reader does.</summary>
    private static (string Stdout, string Stderr) Decode(byte[] data, int readSize)
    {
        var decoder = new DockerFrameDecoder();
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        byte[] buffer = new byte[readSize + DockerFrameDecoder.HeaderLength];
        int held = 0;
        for (int at = 0; at < data.Length; at += readSize)
        {
            int read = Math.Min(readSize, data.Length - at);
            data.AsSpan(at, read).CopyTo(buffer.AsSpan(held));
            int used = decoder.Decode(buffer.AsSpan(0, held + read), (toStderr, payload) => (toStderr ? stderr : stdout).Append(Encoding.UTF8.GetString(payload)));
            held = held + read - used;
            Assert.True(held < DockerFrameDecoder.HeaderLength);
            buffer.AsSpan(used, held).CopyTo(buffer);
        }
        Assert.Equal(0, held);
        return (stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Frames_cut_anywhere_by_the_reads_come_out_whole_and_on_their_stream()
    {
        byte[] data = Frames((1, "out one\n"), (2, "err one\n"), (1, "out t"), (1, "wo\n"), (2, ""), (2, "err two\n"));

        foreach (int readSize in new[] { 1, 2, 3, 7, 8, 9, 13, data.Length })
        {
            var (stdout, stderr) = Decode(data, readSize);
            Assert.Equal("out one\nout two\n", stdout);
            Assert.Equal("err one\nerr two\n", stderr);
        }
    }

    [Fact]
    public void An_unknown_stream_type_is_an_IO_error()
    {
        byte[] data = Frames((7, "x"));

        Assert.Throws<IOException>(() => new DockerFrameDecoder().Decode(data, (_, _) => { }));
    }
}
