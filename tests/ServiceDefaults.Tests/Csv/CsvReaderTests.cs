using System.Text;
using PijarSemar.ServiceDefaults.Csv;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests.Csv;

public sealed class CsvReaderTests
{
    [Fact]
    public async Task Quoted_values_keep_separators_line_breaks_and_doubled_quotes()
    {
        var records = await ReadAllAsync("a,b,c\r\n\"x, y\",\"line 1\nline 2\",\"say \"\"hi\"\"\"\r\nplain,,last\n");

        Assert.Equal(
            ["1: a|b|c", "2: x, y|line 1\nline 2|say \"hi\"", "3: plain||last"],
            records.Select(r => $"{r.Number}: {string.Join('|', r.Fields)}"));
    }

    [Theory]
    [InlineData("nik;fullName;birthDate\n1;2;3\n", ';')]
    [InlineData("nik,fullName,birthDate\n1;2;3\n", ',')]
    [InlineData("\"a;b\",c\n", ',')]
    [InlineData("single\n", ',')]
    public async Task The_separator_is_the_one_the_header_line_uses_most_outside_quotes(string text, char separator)
    {
        var csv = await CsvReader.OpenAsync(new StringReader(text), CancellationToken.None);

        Assert.Equal(separator, csv.Separator);
    }

    [Fact]
    public async Task Line_ends_may_be_crlf_lf_or_cr_and_a_last_line_needs_no_line_end()
    {
        var records = await ReadAllAsync("a\r\nb\nc\rd");

        Assert.Equal(["a", "b", "c", "d"], records.Select(r => r.Fields.Single()));
    }

    [Fact]
    public async Task A_byte_order_mark_is_skipped_and_blank_lines_are_counted_as_rows()
    {
        var csv = await CsvReader.OpenAsync(new StringReader("\uFEFFnik,name\n\n1,2\n"), CancellationToken.None);
        var rows = new List<(int, bool)>();
        while (await csv.ReadAsync(CancellationToken.None))
        {
            rows.Add((csv.RecordNumber, csv.IsBlank));
        }

        Assert.Equal([(1, false), (2, true), (3, false)], rows);
    }

    [Fact]
    public async Task Quotes_inside_an_unquoted_value_and_text_after_a_closing_quote_are_kept_as_spreadsheets_keep_them()
    {
        var records = await ReadAllAsync("Jl. \"Merak\" 5,\"RT 2\" RW 3\n");

        Assert.Equal(["Jl. \"Merak\" 5", "RT 2 RW 3"], records.Single().Fields);
    }

    [Fact]
    public async Task A_quote_left_open_at_the_end_of_the_file_is_flagged()
    {
        var csv = await CsvReader.OpenAsync(new StringReader("a,b\n1,\"2\n3"), CancellationToken.None);
        await csv.ReadAsync(CancellationToken.None);
        await csv.ReadAsync(CancellationToken.None);

        Assert.True(csv.QuoteLeftOpen);
        Assert.Equal(["1", "2\n3"], csv.Fields);
    }

    [Fact]
    public async Task A_record_longer_than_the_limit_throws_naming_its_row()
    {
        var csv = await CsvReader.OpenAsync(new StringReader("a\n\"" + new string('x', CsvReader.MaxRecordLength + 10)), CancellationToken.None);
        await csv.ReadAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<CsvRecordTooLongException>(() => csv.ReadAsync(CancellationToken.None).AsTask());

        Assert.Equal(2, error.RecordNumber);
    }

    [Fact]
    public async Task Records_that_straddle_the_read_buffer_are_read_intact()
    {
        // Values of many lengths, some quoted with line breaks and quotes, so that every kind of
        // boundary (inside quotes, at a doubled quote, between CR and LF) meets the end of a buffer.
        var expected = new List<string[]>();
        var text = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            var quoted = $"q{i}\r\n\"{new string('z', i % 97)}\"";
            var plain = new string('p', i % 53);
            expected.Add([plain, quoted, i.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            text.Append(plain).Append(",\"").Append(quoted.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\",").Append(i).Append("\r\n");
        }

        var records = await ReadAllAsync(text.ToString(), chunk: 4093);

        Assert.Equal(expected.Count, records.Count);
        Assert.All(Enumerable.Range(0, expected.Count), i => Assert.Equal(expected[i], records[i].Fields));
    }

    private static async Task<List<(int Number, string[] Fields)>> ReadAllAsync(string text, int chunk = int.MaxValue)
    {
        var csv = await CsvReader.OpenAsync(new TrickleReader(text, chunk), CancellationToken.None);
        var records = new List<(int, string[])>();
        while (await csv.ReadAsync(CancellationToken.None))
        {
            records.Add((csv.RecordNumber, [.. csv.Fields]));
        }

        return records;
    }

    /// <summary>Hands out at most <paramref name="chunk"/> characters per read, like a network stream.</summary>
    private sealed class TrickleReader(string text, int chunk) : TextReader
    {
        private int _position;

        public override int Read(Span<char> buffer)
        {
            var count = Math.Min(Math.Min(buffer.Length, chunk), text.Length - _position);
            text.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));
    }
}
