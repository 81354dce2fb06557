using System.Text;

namespace OptiX.DataConnections.Upload;

/// <summary>
/// A <see cref="TextWriter"/> that encodes straight into a growable UTF-8 byte buffer, with no buffer of its own:
/// <see cref="Length"/> is exact after every write, so a JSON writer over it never needs flushing to learn where a
/// record ends.
/// </summary>
internal sealed class Utf8BufferWriter : TextWriter
{
    private byte[] _buffer;
    private int _length;
    private char _highSurrogate;

    public Utf8BufferWriter(byte[] buffer) => _buffer = buffer;

    public override Encoding Encoding => Encoding.UTF8;

    public int Length => _length;

    /// <summary>The buffer; bytes beyond <see cref="Length"/> are garbage.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>Forgets everything written after <paramref name="length"/> bytes.</summary>
    public void Truncate(int length)
    {
        _length = length;
        _highSurrogate = '\0';
    }

    public override void Write(char value)
    {
        if (value < 0x80 && _highSurrogate == '\0')
        {
            if (_length == _buffer.Length)
            {
                Grow(1);
            }

            _buffer[_length++] = (byte)value;
            return;
        }

        WriteSlow(value);
    }

    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        Ensure(value.Length);
        var buffer = _buffer;
        var length = _length;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x80 || _highSurrogate != '\0')
            {
                _length = length;
                WriteRest(value, i);
                return;
            }

            buffer[length++] = (byte)c;
        }

        _length = length;
    }

    public override void Write(char[] buffer, int index, int count)
    {
        Ensure(count);
        var bytes = _buffer;
        var length = _length;
        var end = index + count;
        for (var i = index; i < end; i++)
        {
            var c = buffer[i];
            if (c >= 0x80 || _highSurrogate != '\0')
            {
                _length = length;
                for (; i < end; i++)
                {
                    Write(buffer[i]);
                }

                return;
            }

            bytes[length++] = (byte)c;
        }

        _length = length;
    }

    private void WriteRest(string value, int from)
    {
        for (var i = from; i < value.Length; i++)
        {
            Write(value[i]);
        }
    }

    private void WriteSlow(char value)
    {
        Ensure(4);
        if (_highSurrogate != '\0')
        {
            var high = _highSurrogate;
            _highSurrogate = '\0';
            if (char.IsLowSurrogate(value))
            {
                var code = char.ConvertToUtf32(high, value);
                _buffer[_length++] = (byte)(0xF0 | (code >> 18));
                _buffer[_length++] = (byte)(0x80 | ((code >> 12) & 0x3F));
                _buffer[_length++] = (byte)(0x80 | ((code >> 6) & 0x3F));
                _buffer[_length++] = (byte)(0x80 | (code & 0x3F));
                return;
            }

            // A lone high surrogate is not text: written as U+FFFD, as an encoder would.
            WriteReplacement();
            Write(value);
            return;
        }

        if (char.IsHighSurrogate(value))
        {
            _highSurrogate = value;
            return;
        }

        if (char.IsLowSurrogate(value))
        {
            WriteReplacement();
        }
        else if (value < 0x800)
        {
            _buffer[_length++] = (byte)(0xC0 | (value >> 6));
            _buffer[_length++] = (byte)(0x80 | (value & 0x3F));
        }
        else
        {
            _buffer[_length++] = (byte)(0xE0 | (value >> 12));
            _buffer[_length++] = (byte)(0x80 | ((value >> 6) & 0x3F));
            _buffer[_length++] = (byte)(0x80 | (value & 0x3F));
        }
    }

    private void WriteReplacement()
    {
        Ensure(3);
        _buffer[_length++] = 0xEF;
        _buffer[_length++] = 0xBF;
        _buffer[_length++] = 0xBD;
    }

    private void Ensure(int bytes)
    {
        if (_buffer.Length - _length < bytes)
        {
            Grow(bytes);
        }
    }

    private void Grow(int needed)
    {
        var size = Math.Max(_buffer.Length * 2, _length + needed);
        Array.Resize(ref _buffer, size);
    }
}
