using System.Globalization;
using System.Text.Json.Serialization;

namespace PijarSemar.Contracts;

/// <summary>
/// An amount of money in whole rupiah (BPJS bills and pays whole rupiah; there are no sen).
/// Arithmetic is checked: a total that does not fit throws <see cref="OverflowException"/>
/// rather than wrapping into a wrong bill. JSON is a plain integer number: <c>16800</c>.
/// </summary>
[JsonConverter(typeof(RupiahJsonConverter))]
public readonly record struct Rupiah(long Amount) : IComparable<Rupiah>
{
    private static readonly NumberFormatInfo IndonesianGrouping = new()
    {
        NumberGroupSeparator = ".",
        NumberGroupSizes = [3],
        NegativeSign = "-",
    };

    public static Rupiah Zero { get; } = new(0);

    public static Rupiah operator +(Rupiah left, Rupiah right) => new(checked(left.Amount + right.Amount));

    public static Rupiah operator -(Rupiah left, Rupiah right) => new(checked(left.Amount - right.Amount));

    /// <summary>The amount for <paramref name="count"/> items, such as workers on an invoice.</summary>
    public static Rupiah operator *(Rupiah amount, long count) => new(checked(amount.Amount * count));

    public static Rupiah operator *(long count, Rupiah amount) => amount * count;

    public static Rupiah Add(Rupiah left, Rupiah right) => left + right;

    public static Rupiah Subtract(Rupiah left, Rupiah right) => left - right;

    public static Rupiah Multiply(Rupiah amount, long count) => amount * count;

    /// <summary>The checked total of <paramref name="amounts"/>; <see cref="Zero"/> when empty.</summary>
    public static Rupiah Sum(IEnumerable<Rupiah> amounts)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        var total = Zero;
        foreach (var amount in amounts)
        {
            total += amount;
        }

        return total;
    }

    public int CompareTo(Rupiah other) => Amount.CompareTo(other.Amount);

    public static bool operator <(Rupiah left, Rupiah right) => left.Amount < right.Amount;

    public static bool operator >(Rupiah left, Rupiah right) => left.Amount > right.Amount;

    public static bool operator <=(Rupiah left, Rupiah right) => left.Amount <= right.Amount;

    public static bool operator >=(Rupiah left, Rupiah right) => left.Amount >= right.Amount;

    /// <summary>For people only (<c>Rp16.800</c>, <c>-Rp500</c>); APIs and files carry <see cref="Amount"/>.</summary>
    public override string ToString()
    {
        var digits = Amount.ToString("#,0", IndonesianGrouping);
        return Amount < 0 ? "-Rp" + digits[1..] : "Rp" + digits;
    }
}
