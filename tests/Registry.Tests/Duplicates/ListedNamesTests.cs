using PijarSemar.Registry.Duplicates;
using Xunit;

namespace PijarSemar.Registry.Tests.Duplicates;

/// <summary>
/// The possible-duplicate rule over a list registered in order, as an import applies it: what the
/// database found among registered workers, then the list's own earlier rows.
/// </summary>
public sealed class ListedNamesTests
{
    private static readonly DateOnly Born = new(1980, 5, 17);
    private static readonly Guid RegisteredWorker = Guid.CreateVersion7();

    [Fact]
    public void An_earlier_row_with_the_same_name_and_birth_date_is_named_and_the_first_of_them_for_every_later_one()
    {
        var first = Row("siti rahayu", Born, "sekayu");
        var second = Row("siti rahayu", Born, "jagalan");
        var third = Row("siti rahayu", Born, null);

        var found = new ListedNames().Resolve([first, second, third]).Found;

        Assert.Equal([new FoundDuplicate(1, first.Id, DuplicateMatch.NameAndBirthDate), new FoundDuplicate(2, first.Id, DuplicateMatch.NameAndBirthDate)], found);
    }

    [Fact]
    public void A_registered_worker_with_the_same_name_and_birth_date_comes_before_an_earlier_row()
    {
        var first = Row("siti rahayu", Born, "sekayu", (RegisteredWorker, DuplicateMatch.NameAndBirthDate));
        var second = Row("siti rahayu", Born, "sekayu", (RegisteredWorker, DuplicateMatch.NameAndBirthDate));

        var found = new ListedNames().Resolve([first, second]).Found;

        Assert.Equal([new FoundDuplicate(0, RegisteredWorker, DuplicateMatch.NameAndBirthDate), new FoundDuplicate(1, RegisteredWorker, DuplicateMatch.NameAndBirthDate)], found);
    }

    [Fact]
    public void An_earlier_row_with_the_same_birth_date_comes_before_a_registered_worker_of_the_same_kelurahan()
    {
        var first = Row("siti rahayu", Born, "jagalan");
        var second = Row("siti rahayu", Born, "sekayu", (RegisteredWorker, DuplicateMatch.NameAndKelurahan));

        var found = new ListedNames().Resolve([first, second]).Found;

        Assert.Equal([new FoundDuplicate(1, first.Id, DuplicateMatch.NameAndBirthDate)], found);
    }

    [Fact]
    public void A_registered_worker_of_the_same_kelurahan_comes_before_an_earlier_row_of_the_same_kelurahan()
    {
        var first = Row("siti rahayu", Born.AddYears(1), "sekayu");
        var second = Row("siti rahayu", Born, "sekayu", (RegisteredWorker, DuplicateMatch.NameAndKelurahan));

        var found = new ListedNames().Resolve([first, second]).Found;

        Assert.Equal([new FoundDuplicate(1, RegisteredWorker, DuplicateMatch.NameAndKelurahan)], found);
    }

    [Fact]
    public void An_earlier_row_of_the_same_kelurahan_is_named_when_nothing_else_matches_and_no_kelurahan_matches_nothing()
    {
        var first = Row("siti rahayu", Born, "sekayu");
        var sameKelurahan = Row("siti rahayu", Born.AddYears(1), "sekayu");
        var noKelurahan = Row("siti rahayu", Born.AddYears(2), null);
        var otherName = Row("siti rahayu putri", Born, "sekayu");

        var found = new ListedNames().Resolve([first, sameKelurahan, noKelurahan, otherName]).Found;

        Assert.Equal([new FoundDuplicate(1, first.Id, DuplicateMatch.NameAndKelurahan)], found);
    }

    [Fact]
    public void A_name_without_a_key_matches_nothing_and_is_matched_by_nothing()
    {
        var first = Row(null, Born, "sekayu");
        var second = Row(null, Born, "sekayu");

        Assert.Empty(new ListedNames().Resolve([first, second]).Found);
    }

    [Fact]
    public void A_chunk_is_remembered_only_once_kept_so_a_chunk_written_again_is_resolved_as_the_first_time()
    {
        var names = new ListedNames();
        var first = Row("siti rahayu", Born, "sekayu");
        var later = Row("siti rahayu", Born, "sekayu");

        var notKept = names.Resolve([first]);
        var beforeKeep = names.Resolve([later]).Found;
        names.Keep(notKept);
        var afterKeep = names.Resolve([later]).Found;

        Assert.Empty(beforeKeep);
        Assert.Equal([new FoundDuplicate(0, first.Id, DuplicateMatch.NameAndBirthDate)], afterKeep);
    }

    [Fact]
    public void A_kept_chunk_keeps_the_earliest_row_of_each_name_for_the_chunks_after_it()
    {
        var names = new ListedNames();
        var first = Row("siti rahayu", Born, "sekayu");
        var second = Row("siti rahayu", Born, "sekayu");
        names.Keep(names.Resolve([first, second]));

        var found = names.Resolve([Row("siti rahayu", Born, "jagalan")]).Found;

        Assert.Equal([new FoundDuplicate(0, first.Id, DuplicateMatch.NameAndBirthDate)], found);
    }

    private static (Guid Id, DateOnly BirthDate, RegisteredMatches Matches) Row(
        string? nameKey, DateOnly birthDate, string? kelurahanKey, (Guid, DuplicateMatch)? registered = null) =>
        (Guid.CreateVersion7(), birthDate, new RegisteredMatches(nameKey, kelurahanKey, registered, null));
}
