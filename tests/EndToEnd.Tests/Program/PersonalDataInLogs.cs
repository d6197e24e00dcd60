using Xunit;

namespace PijarSemar.EndToEnd.Tests.Program;

/// <summary>Asserts that no NIK or name sent to the services turns up in what any process wrote.</summary>
internal static class PersonalDataInLogs
{
    public static void AssertAbsent(IReadOnlyList<string> personalData, IReadOnlyDictionary<string, IReadOnlyList<string>> logs)
    {
        // The report masks what it found: a test's output is a log too.
        var found = (
            from log in logs
            from line in log.Value
            from index in Enumerable.Range(0, personalData.Count)
            where line.Contains(personalData[index], StringComparison.OrdinalIgnoreCase)
            select $"{log.Key} logged personal data #{index}: {line.Replace(personalData[index], "«…»", StringComparison.OrdinalIgnoreCase)}")
            .Take(20)
            .ToList();
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }
}
