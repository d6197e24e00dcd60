namespace PijarSemar.ServiceDefaults.Validation;

/// <summary>
/// Characters no field of ours may hold: C0 controls other than tab, line feed and carriage
/// return, DEL, and the C1 controls. NUL above all: PostgreSQL refuses it in text and jsonb, so
/// it would otherwise surface as a database error (a 500) carrying the rejected value in its context.
/// Whether a single-line field may hold a line break is the field's own rule, not this one.
/// </summary>
public static class ControlCharacters
{
    public const string Message = "The value contains a control character (such as NUL), which no field accepts.";

    public static bool IsForbidden(char c) =>
        c is < ' ' and not ('\t' or '\n' or '\r') || c is >= '\u007F' and <= '\u009F';

    /// <summary>The position of the first forbidden character, or -1 when there is none.</summary>
    public static int IndexOfForbidden(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (IsForbidden(value[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public static bool Contain(string? value) => value is not null && IndexOfForbidden(value) >= 0;
}
