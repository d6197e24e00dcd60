using System.Text;
using Microsoft.EntityFrameworkCore;

namespace PijarSemar.ServiceDefaults.Data;

public static class SnakeCaseNames
{
    /// <summary>
    /// Names every table, column and key the way our hand-written SQL migrations do
    /// (<c>WorkerId</c> → <c>worker_id</c>), so the EF model and the SQL never drift apart.
    /// Call it last in <c>OnModelCreating</c>; explicit names set earlier are kept.
    /// </summary>
    public static ModelBuilder UseSnakeCaseNames(this ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table && !table.Contains('_', StringComparison.Ordinal))
            {
                entity.SetTableName(ToSnakeCase(table));
            }

            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.GetColumnName()));
            }
        }

        return modelBuilder;
    }

    public static string ToSnakeCase(string name)
    {
        var result = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && !char.IsUpper(name[i - 1]))
                {
                    result.Append('_');
                }

                result.Append(char.ToLowerInvariant(c));
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
