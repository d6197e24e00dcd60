namespace PijarSemar.Funding.Sponsors;

/// <summary>
/// The set-based statements of a roster import, run in one transaction over a staging table of
/// the rows checked in C#: the roster is applied whole or not at all.
/// </summary>
internal static class SponsorRosterSql
{
    public const string CreateStaging = """
        CREATE TEMP TABLE roster_rows (
            row_no     integer NOT NULL,
            id         uuid    NOT NULL,
            type       text    NOT NULL,
            identifier text    NOT NULL,
            name       text    NOT NULL,
            unit       text    NOT NULL
        ) ON COMMIT DROP
        """;

    public const string CopyStaging = "COPY roster_rows (row_no, id, type, identifier, name, unit) FROM STDIN (FORMAT BINARY)";

    /// <summary>Without statistics the planner takes a fresh temporary table for a tiny one and may join it badly.</summary>
    public const string AnalyzeStaging = "ANALYZE roster_rows";

    /// <summary>
    /// Inserts every civil servant not yet known and updates name and unit of those known whose
    /// name or unit changed (type and status stay as they are); an unchanged row is left alone and
    /// not counted as updated. Every created or updated sponsor gets an audit entry shaped like
    /// <see cref="SponsorResponse"/>; <c>existing</c> reads the rows as they were before this
    /// statement, which gives the entries their <c>before</c>. <c>xmax = 0</c> marks a row this
    /// statement inserted rather than updated.
    /// </summary>
    public const string Apply = """
        WITH existing AS (
            SELECT s.id, s.type, s.identifier, s.name, s.unit, s.active, s.version, s.created_at, s.updated_at
            FROM sponsors s
            JOIN roster_rows r ON r.identifier = s.identifier
        ), upserted AS (
            INSERT INTO sponsors AS s (id, type, identifier, name, unit, created_at, created_by, updated_at)
            SELECT r.id, r.type, r.identifier, r.name, r.unit, @now, @actor, @now
            FROM roster_rows r
            ORDER BY r.row_no
            ON CONFLICT (identifier) DO UPDATE
                SET name = excluded.name, unit = excluded.unit, version = s.version + 1, updated_at = excluded.updated_at
                WHERE (s.name, s.unit) IS DISTINCT FROM (excluded.name, excluded.unit)
            RETURNING s.id, s.type, s.identifier, s.name, s.unit, s.active, s.version, s.created_at, s.updated_at, (s.xmax = 0) AS created
        ), audited AS (
            INSERT INTO audit_log (entity_type, entity_id, action, actor, at, before, after)
            SELECT 'sponsor', u.id, CASE WHEN u.created THEN 'Registered' ELSE 'RosterUpdated' END, @actor, @now,
                   CASE WHEN u.created THEN NULL ELSE jsonb_build_object(
                       'id', e.id, 'type', e.type, 'identifier', e.identifier, 'name', e.name, 'unit', e.unit,
                       'active', e.active, 'version', e.version, 'createdAt', e.created_at, 'updatedAt', e.updated_at) END,
                   jsonb_build_object(
                       'id', u.id, 'type', u.type, 'identifier', u.identifier, 'name', u.name, 'unit', u.unit,
                       'active', u.active, 'version', u.version, 'createdAt', u.created_at, 'updatedAt', u.updated_at)
            FROM upserted u
            LEFT JOIN existing e ON e.id = u.id
        )
        SELECT (count(*) FILTER (WHERE created))::int, (count(*) FILTER (WHERE NOT created))::int
        FROM upserted
        """;
}
