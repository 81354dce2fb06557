using System.Text;

namespace OptiX.DataConnections.Upload;

/// <summary>
/// A <see cref="TextWriter"/> that encodes straight into a growable UTF-8 byte buffer, with no buffer of its own:
/// <see cref="Length"/> is exact after every write (a high surrogate waiting for its pair aside), so a JSON writer over
/// it never needs flushing to learn where a record ends. ASCII is copied as is; anything else goes through the
/// framework's UTF-8 encoder, which keeps a pair split across writes and replaces a lone surrogate.
/// </summary>
internal sealed class Utf8BufferWriter : TextWriter
{
    private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();
    private readonly char[] _one = new char[1];
    private char[] _chars = new char[256];
    private byte[] _buffer;
    private int _length;
    private bool _pendingHighSurrogate;

    public Utf8BufferWriter(byte[] buffer) => _buffer = buffer;

    public override Encoding Encoding => Encoding.UTF8;

    public int Length => _length;

    /// <summary>The buffer; bytes beyond <see cref="Length"/> are garbage.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>Forgets everything written after <paramref name="length"/> bytes.</summary>
    public void Truncate(int length)
    {
        _length = length;
        _encoder.Reset();
        _pendingHighSurrogate = false;
    }

    public override void Write(char value)
    {
        if (value < 0x80 && !_pendingHighSurrogate)
        {
            Ensure(1);
            _buffer[_length++] = (byte)value;
            return;
        }

        _one[0] = value;
        Encode(_one, 0, 1);
    }

    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        var ascii = AsciiPrefix(value);
        if (ascii < value.Length)
        {
            var rest = value.Length - ascii;
            if (_chars.Length < rest)
            {
                _chars = new char[Math.Max(rest, _chars.Length * 2)];
            }

            value.CopyTo(ascii, _chars, 0, rest);
            Encode(_chars, 0, rest);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        var ascii = 0;
        Ensure(count);
        if (!_pendingHighSurrogate)
        {
            while (ascii < count && buffer[index + ascii] < 0x80)
            {
                _buffer[_length++] = (byte)buffer[index + ascii++];
            }
        }

        if (ascii < count)
        {
            Encode(buffer, index + ascii, count - ascii);
        }
    }

    // Copies the string's leading ASCII; returns how many chars that was.
    private int AsciiPrefix(string value)
    {
        if (_pendingHighSurrogate)
        {
            return 0;
        }

        Ensure(value.Length);
        var i = 0;
        for (; i < value.Length && value[i] < 0x80; i++)
        {
            _buffer[_length++] = (byte)value[i];
        }

        return i;
    }

    private void Encode(char[] chars, int index, int count)
    {
        // At most 3 bytes a char, and 3 more for a waiting high surrogate replaced.
        Ensure((count * 3) + 3);
        _length += _encoder.GetBytes(chars, index, count, _buffer, _length, flush: false);
        _pendingHighSurrogate = char.IsHighSurrogate(chars[index + count - 1]);
    }

    private void Ensure(int bytes)
    {
        if (_buffer.Length - _length < bytes)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        }
    }
}
