namespace OptiX.DataConnections.Emulator.Storage;

internal sealed record StoredReference(Guid Uuid, string ReferenceType, string ReferenceId, string CreatedAt);

/// <summary>Links from a connection to the campaigns (mail, sms, banner, ...) that use it.</summary>
internal static class References
{
    public static StoredReference Insert(SqliteSession session, long connectionId, string referenceType, string referenceId, string now)
    {
        var reference = new StoredReference(Guid.NewGuid(), referenceType, referenceId, now);
        session.Execute(
            """
            INSERT INTO connection_references (uuid, connection_id, reference_type, reference_id, created_at)
            VALUES ($uuid, $connection, $type, $referenceId, $now)
            """,
            ("$uuid", reference.Uuid.ToString()), ("$connection", connectionId), ("$type", referenceType),
            ("$referenceId", referenceId), ("$now", now));
        return reference;
    }

    public static IReadOnlyList<StoredReference> List(SqliteSession session, long connectionId)
    {
        using var command = session.Command(
            """
            SELECT uuid, reference_type, reference_id, created_at
            FROM connection_references WHERE connection_id = $connection ORDER BY id
            """,
            ("$connection", connectionId));
        using var reader = command.ExecuteReader();
        var references = new List<StoredReference>();
        while (reader.Read())
        {
            references.Add(new StoredReference(
                Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }
        return references;
    }

    public static bool Delete(SqliteSession session, long connectionId, Guid uuid) =>
        session.Execute(
            "DELETE FROM connection_references WHERE connection_id = $connection AND uuid = $uuid",
            ("$connection", connectionId), ("$uuid", uuid.ToString())) > 0;
}
