using System.Buffers;
using System.Text;

namespace PijarSemar.ServiceDefaults.Csv;

/// <summary>
/// Reads RFC 4180 records from text: quoted values may hold separators, line breaks and doubled
/// quotes; lines end in CRLF, LF or CR. The separator (comma, or the semicolon that spreadsheets
/// in Indonesian locales write) is taken from the header line, or from a first line <c>sep=;</c>
/// that Excel writes and reads (that line is not a record). Like spreadsheets, it reads a quote
/// inside an unquoted value, or text after a closing quote, literally instead of failing.
/// </summary>
public sealed class CsvReader
{
    /// <summary>Longer records are refused: a quote left open would otherwise swallow the rest of a file.</summary>
    public const int MaxRecordLength = 64 * 1024;

    private const char ByteOrderMark = '\uFEFF';

    private static readonly SearchValues<char> CommaFieldEnds = SearchValues.Create(",\r\n");
    private static readonly SearchValues<char> SemicolonFieldEnds = SearchValues.Create(";\r\n");

    private readonly TextReader _reader;
    private readonly char[] _buffer = new char[4 * MaxRecordLength];
    private readonly List<string> _fields = new(16);
    private readonly StringBuilder _quoted = new();
    private SearchValues<char> _fieldEnds = CommaFieldEnds;
    private int _start;
    private int _end;
    private bool _eof;

    private CsvReader(TextReader reader) => _reader = reader;

    public char Separator { get; private set; } = ',';

    /// <summary>The spreadsheet row of the current record: 1 for the header, blank lines counted.</summary>
    public int RecordNumber { get; private set; }

    /// <summary>The values of the current record, valid until the next read.</summary>
    public IReadOnlyList<string> Fields => _fields;

    /// <summary>Whether the current record ended with the file inside a quoted value.</summary>
    public bool QuoteLeftOpen { get; private set; }

    /// <summary>Whether every value of the current record is empty or white space, like a spreadsheet's empty row.</summary>
    public bool IsBlank => _fields.TrueForAll(string.IsNullOrWhiteSpace);

    /// <summary>Whether the text began with a <c>sep=</c> line naming the separator.</summary>
    public bool HasSeparatorLine { get; private set; }

    /// <summary>Skips a UTF-8 byte order mark and a <c>sep=</c> line, and picks the separator from either that line or the header line.</summary>
    public static async Task<CsvReader> OpenAsync(TextReader reader, CancellationToken ct)
    {
        var csv = new CsvReader(reader);
        await csv.FillAsync(ct);
        if (csv._end > 0 && csv._buffer[0] == ByteOrderMark)
        {
            csv._start = 1;
        }

        var text = csv._buffer.AsSpan(csv._start, csv._end - csv._start);
        if (SeparatorLineLength(text) is var length and > 0)
        {
            // Excel does not count the line as a row, so neither do record numbers.
            csv.Separator = text[4];
            csv._start += length;
            csv.HasSeparatorLine = true;
        }
        else
        {
            csv.Separator = DetectSeparator(text);
        }

        csv._fieldEnds = csv.Separator switch
        {
            ';' => SemicolonFieldEnds,
            ',' => CommaFieldEnds,
            var other => SearchValues.Create(other + "\r\n"),
        };
        return csv;
    }

    /// <summary>Moves to the next record; false at the end of the text.</summary>
    /// <exception cref="CsvRecordTooLongException">A record is longer than <see cref="MaxRecordLength"/>.</exception>
    public ValueTask<bool> ReadAsync(CancellationToken ct)
    {
        // Almost every record is already in the buffer, so the common path completes synchronously.
        return TryReadRecord() switch
        {
            ReadResult.Record => ValueTask.FromResult(true),
            ReadResult.End => ValueTask.FromResult(false),
            _ => ReadAfterFillAsync(ct),
        };
    }

    private async ValueTask<bool> ReadAfterFillAsync(CancellationToken ct)
    {
        while (true)
        {
            if (_end - _start >= MaxRecordLength)
            {
                throw new CsvRecordTooLongException(RecordNumber + 1);
            }

            await FillAsync(ct);
            switch (TryReadRecord())
            {
                case ReadResult.Record:
                    return true;
                case ReadResult.End:
                    return false;
            }
        }
    }

    private ReadResult TryReadRecord()
    {
        if (_start == _end && _eof)
        {
            return ReadResult.End;
        }

        var consumed = TryParseRecord();
        if (consumed < 0)
        {
            return ReadResult.NeedMore;
        }

        _start += consumed;
        RecordNumber++;
        return ReadResult.Record;
    }

    /// <summary>
    /// Splits the record at <see cref="_start"/> into <see cref="_fields"/> and returns how many
    /// characters it took, or -1 when the buffer ends before the record does; the record is then
    /// parsed again from its start once more text has been read.
    /// </summary>
    private int TryParseRecord()
    {
        _fields.Clear();
        QuoteLeftOpen = false;
        var end = _end;
        var i = _start;
        while (true)
        {
            if (i < end && _buffer[i] == '"')
            {
                i = TryParseQuoted(i + 1, end);
                if (i < 0)
                {
                    return -1;
                }
            }
            else
            {
                var length = _buffer.AsSpan(i, end - i).IndexOfAny(_fieldEnds);
                if (length < 0)
                {
                    if (!_eof)
                    {
                        return -1;
                    }

                    length = end - i;
                }

                _fields.Add(new string(_buffer, i, length));
                i += length;
            }

            if (i == end)
            {
                return i - _start;
            }

            var c = _buffer[i];
            if (c == Separator)
            {
                i++;
                continue;
            }

            if (c == '\n')
            {
                return i + 1 - _start;
            }

            // A carriage return ends the record; a line feed right after it belongs to the same line end.
            if (i + 1 < end)
            {
                return i + 1 + (_buffer[i + 1] == '\n' ? 1 : 0) - _start;
            }

            return _eof ? i + 1 - _start : -1;
        }
    }

    /// <summary>Reads a quoted value starting after its opening quote; returns where it ends, or -1 to read more.</summary>
    private int TryParseQuoted(int i, int end)
    {
        _quoted.Clear();
        while (true)
        {
            var quote = _buffer.AsSpan(i, end - i).IndexOf('"');
            if (quote < 0)
            {
                if (!_eof)
                {
                    return -1;
                }

                _quoted.Append(_buffer, i, end - i);
                QuoteLeftOpen = true;
                _fields.Add(_quoted.ToString());
                return end;
            }

            _quoted.Append(_buffer, i, quote);
            i += quote + 1;
            if (i == end && !_eof)
            {
                return -1;
            }

            if (i < end && _buffer[i] == '"')
            {
                _quoted.Append('"');
                i++;
                continue;
            }

            break;
        }

        // Text between the closing quote and the separator is kept, as spreadsheets do.
        var trailing = _buffer.AsSpan(i, end - i).IndexOfAny(_fieldEnds);
        if (trailing < 0)
        {
            if (!_eof)
            {
                return -1;
            }

            trailing = end - i;
        }

        _quoted.Append(_buffer, i, trailing);
        _fields.Add(_quoted.ToString());
        return i + trailing;
    }

    private async ValueTask FillAsync(CancellationToken ct)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        while (!_eof && _end < _buffer.Length)
        {
            var read = await _reader.ReadAsync(_buffer.AsMemory(_end), ct);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;

            // One read is enough unless it returned too little to hold a record.
            if (_end >= MaxRecordLength)
            {
                break;
            }
        }
    }

    /// <summary>The length of a first line <c>sep=X</c> with its line end (X any character but a quote or a line end); 0 when there is none.</summary>
    private static int SeparatorLineLength(ReadOnlySpan<char> text)
    {
        if (text.Length < 5 || !text.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) || text[4] is '"' or '\r' or '\n')
        {
            return 0;
        }

        var rest = text[5..];
        return rest switch
        {
            [] => 5,
            ['\r', '\n', ..] => 7,
            ['\r' or '\n', ..] => 6,
            _ => 0,
        };
    }

    /// <summary>The separator used more often outside quotes in the first line; a comma when tied.</summary>
    private static char DetectSeparator(ReadOnlySpan<char> text)
    {
        int commas = 0, semicolons = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\r' or '\n')
            {
                break;
            }
            else if (!quoted && c == ',')
            {
                commas++;
            }
            else if (!quoted && c == ';')
            {
                semicolons++;
            }
        }

        return semicolons > commas ? ';' : ',';
    }

    private enum ReadResult
    {
        Record,
        End,
        NeedMore,
    }
}

/// <summary>A record longer than <see cref="CsvReader.MaxRecordLength"/>, usually behind a quote that is never closed.</summary>
public sealed class CsvRecordTooLongException(int recordNumber)
    : Exception($"Row {recordNumber} is longer than {CsvReader.MaxRecordLength:N0} characters.")
{
    public int RecordNumber { get; } = recordNumber;
}
