using System.Text;

namespace PijarSemar.ServiceDefaults.Data;

/// <summary>
/// Splits a script into its statements at the semicolons outside quotes, quoted names, comments
/// and dollar-quoted bodies. A no-transaction migration needs it: several statements sent as one
/// command run in one implicit transaction, where <c>CREATE INDEX CONCURRENTLY</c> is refused.
/// </summary>
internal static class SqlStatements
{
    public static IReadOnlyList<string> Split(string sql)
    {
        var statements = new List<string>();
        var start = 0;
        var hasCode = false;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            if (c == '-' && next == '-')
            {
                i = EndOfLine(sql, i);
                continue;
            }
            if (c == '/' && next == '*')
            {
                i = EndOfBlockComment(sql, i);
                continue;
            }
            if (c == ';')
            {
                Add(i);
                start = i + 1;
                i++;
                continue;
            }
            if (!char.IsWhiteSpace(c))
            {
                hasCode = true;
            }
            i = c switch
            {
                '\'' when i > 0 && sql[i - 1] is 'E' or 'e' => EndOfEscapeString(sql, i),
                '\'' => EndOfQuoted(sql, i, '\''),
                '"' => EndOfQuoted(sql, i, '"'),
                '$' when DollarTag(sql, i) is { } tag => EndOfDollarQuoted(sql, i, tag),
                _ => i + 1,
            };
        }
        Add(sql.Length);
        return statements;

        void Add(int end)
        {
            if (hasCode)
            {
                statements.Add(sql[start..end].Trim());
            }
            hasCode = false;
        }
    }

    private static int EndOfLine(string sql, int i)
    {
        var end = sql.IndexOf('\n', i);
        return end < 0 ? sql.Length : end + 1;
    }

    // PostgreSQL's block comments nest.
    private static int EndOfBlockComment(string sql, int i)
    {
        var depth = 0;
        while (i < sql.Length)
        {
            if (sql[i] == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && i + 1 < sql.Length && sql[i + 1] == '/')
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }
        return sql.Length;
    }

    // A doubled quote inside is an escaped one, which this reads as two adjacent quoted runs.
    private static int EndOfQuoted(string sql, int i, char quote)
    {
        var end = sql.IndexOf(quote, i + 1);
        return end < 0 ? sql.Length : end + 1;
    }

    // E'…' strings escape with backslashes, so E'it\'s' is one string.
    private static int EndOfEscapeString(string sql, int i)
    {
        for (var j = i + 1; j < sql.Length; j++)
        {
            if (sql[j] == '\\')
            {
                j++;
            }
            else if (sql[j] == '\'')
            {
                return j + 1;
            }
        }
        return sql.Length;
    }

    /// <summary>The <c>$tag$</c> opening a dollar-quoted string at <paramref name="i"/>, or null for a parameter like <c>$1</c>.</summary>
    private static string? DollarTag(string sql, int i)
    {
        if (i > 0 && (char.IsLetterOrDigit(sql[i - 1]) || sql[i - 1] == '_'))
        {
            return null; // part of an identifier such as a$b
        }
        var tag = new StringBuilder("$");
        for (var j = i + 1; j < sql.Length; j++)
        {
            var c = sql[j];
            if (c == '$')
            {
                return tag.Append('$').ToString();
            }
            if (!(char.IsLetter(c) || c == '_' || (char.IsDigit(c) && j > i + 1)))
            {
                return null;
            }
            tag.Append(c);
        }
        return null;
    }

    private static int EndOfDollarQuoted(string sql, int i, string tag)
    {
        var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
        return end < 0 ? sql.Length : end + tag.Length;
    }
}
