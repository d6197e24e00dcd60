using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.ServiceDefaults.Paging;

/// <summary>
/// The one way lists are paged: a query asks for <c>limit + 1</c> rows after the cursor; the
/// extra row only tells that another page exists, and the last row shown becomes the cursor.
/// </summary>
public static class KeysetPage
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static int Limit(int? requested)
    {
        var limit = requested ?? DefaultLimit;
        return limit is >= 1 and <= MaxLimit
            ? limit
            : throw RequestValidationException.For("limit", $"Limit must be between 1 and {MaxLimit}.");
    }

    public static Page<TItem> From<TRow, TItem>(
        IReadOnlyList<TRow> rows, int limit, Func<TRow, TItem> toItem, Func<TRow, string> cursorOf)
    {
        var shown = rows.Take(limit).ToList();
        return new Page<TItem>(shown.Select(toItem).ToList(), rows.Count > limit ? cursorOf(shown[^1]) : null);
    }
}
