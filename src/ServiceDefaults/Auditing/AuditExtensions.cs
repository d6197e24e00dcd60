using Microsoft.EntityFrameworkCore;

namespace PijarSemar.ServiceDefaults.Auditing;

public static class AuditExtensions
{
    /// <summary>Records a change in the audit log; it commits with the change itself or not at all.</summary>
    public static void Audit<TSnapshot>(
        this DbContext db, string entityType, Guid entityId, string action, string actor, DateTimeOffset at,
        TSnapshot? before, TSnapshot? after)
        where TSnapshot : class =>
        db.Set<AuditEntry>().Add(AuditEntry.Of(entityType, entityId, action, actor, at, before, after));
}
