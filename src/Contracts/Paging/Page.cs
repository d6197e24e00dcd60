namespace PijarSemar.Contracts.Paging;

/// <summary>
/// One page of a list. Pass <see cref="NextCursor"/> back as <c>cursor</c> for the next page;
/// it is null on the last page. Keyset cursors stay correct while rows are being added.
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
