using System.Buffers.Text;
using System.Globalization;
using System.Text;
using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.ServiceDefaults.Paging;

/// <summary>
/// The one way lists are paged: a query asks for <c>limit + 1</c> rows after the cursor; the
/// extra row only tells that another page exists, and the last row shown becomes the cursor.
/// </summary>
/// <remarks>
/// A cursor is opaque to clients: base64url of <c>1|list|position</c>, where <c>1</c> is the format
/// version, <c>list</c> names the list it belongs to (with the parent's id where a list belongs to
/// one thing, such as a worker's history) and <c>position</c> is the keyset value of the last row.
/// Clients cannot build one by counting, and a cursor of another list, or anything else that is
/// not a <c>nextCursor</c> of this list, is a 400 naming <c>cursor</c>, never a wrong page or a 500.
/// </remarks>
public static class KeysetPage
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    private const string Version = "1";
    private const char Separator = '|';

    // The longest list name plus position this service writes stays far below this; anything longer is not ours.
    private const int MaxCursorLength = 512;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static int Limit(int? requested)
    {
        var limit = requested ?? DefaultLimit;
        return limit is >= 1 and <= MaxLimit
            ? limit
            : throw RequestValidationException.For("limit", $"Limit must be between 1 and {MaxLimit}.");
    }

    /// <summary>The numeric position a cursor of <paramref name="list"/> carries; null on the first page (no cursor).</summary>
    public static long? Position(string? cursor, string list)
    {
        var key = Key(cursor, list);
        return key is null ? null
            : long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var position) ? position
            : throw InvalidCursor();
    }

    /// <summary>The text position a cursor of <paramref name="list"/> carries; null on the first page (no cursor).</summary>
    public static string? Key(string? cursor, string list)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        string payload;
        try
        {
            payload = cursor.Length <= MaxCursorLength ? StrictUtf8.GetString(Base64Url.DecodeFromChars(cursor)) : throw InvalidCursor();
        }
        catch (FormatException)
        {
            throw InvalidCursor();
        }
        catch (DecoderFallbackException)
        {
            throw InvalidCursor();
        }

        var parts = payload.Split(Separator);
        return parts is [Version, var owner, { Length: > 0 } key] && owner == list ? key : throw InvalidCursor();
    }

    /// <summary>The cursor that continues <paramref name="list"/> after <paramref name="key"/>.</summary>
    public static string CursorFor(string list, string key) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join(Separator, Version, list, key)));

    public static Page<TItem> From<TRow, TItem>(
        IReadOnlyList<TRow> rows, int limit, string list, Func<TRow, TItem> toItem, Func<TRow, long> positionOf) =>
        From(rows, limit, list, toItem, row => positionOf(row).ToString(CultureInfo.InvariantCulture));

    public static Page<TItem> From<TRow, TItem>(
        IReadOnlyList<TRow> rows, int limit, string list, Func<TRow, TItem> toItem, Func<TRow, string> keyOf)
    {
        var shown = rows.Take(limit).ToList();
        return new Page<TItem>(shown.Select(toItem).ToList(), rows.Count > limit ? CursorFor(list, keyOf(shown[^1])) : null);
    }

    private static RequestValidationException InvalidCursor() =>
        RequestValidationException.For("cursor", "Cursor must be a nextCursor value from a previous page of this list.");
}
