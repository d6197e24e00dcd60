using Xunit;

namespace PijarSemar.EndToEnd.Tests.Program;

/// <summary>Asserts that no NIK or name sent to the services turns up in what a process wrote.</summary>
internal static class PersonalDataInLogs
{
    public static void AssertAbsent(IReadOnlyList<string> personalData, string source, IReadOnlyList<string> lines)
    {
        // The report masks what it found: a test log is a log too.
        var found = (
            from line in lines
            from value in personalData
            where line.Contains(value, StringComparison.OrdinalIgnoreCase)
            select $"{source} logged personal data #{personalData.ToList().IndexOf(value)}: {line.Replace(value, "«…»", StringComparison.OrdinalIgnoreCase)}")
            .Take(10)
            .ToList();
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }
}
