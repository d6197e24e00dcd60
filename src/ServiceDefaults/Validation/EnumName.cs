namespace PijarSemar.ServiceDefaults.Validation;

public static class EnumName
{
    /// <summary>
    /// The member whose name matches, ignoring case and surrounding spaces; null otherwise.
    /// Unlike <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/>, numbers ("3") and
    /// combinations ("Male, Female") are not names and never match.
    /// </summary>
    public static TEnum? Parse<TEnum>(string? value) where TEnum : struct, Enum
    {
        var trimmed = value?.Trim();
        foreach (var member in Enum.GetValues<TEnum>())
        {
            if (string.Equals(member.ToString(), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return member;
            }
        }

        return null;
    }
}
