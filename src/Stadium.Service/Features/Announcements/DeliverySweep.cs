using Dapper;
using Stadium.Data;
using Stadium.Service.Platform.Retention;

namespace Stadium.Service.Features.Announcements;

/// <summary>
/// The delivery ledger past "Stadium:Retention:Deliveries", oldest first through ix_email_deliveries_sent. Each batch
/// folds the counts of what it deletes into its announcements (swept_delivered, swept_undeliverable) in the same
/// transaction, so an announcement reads the same numbers before and after.
/// </summary>
internal sealed class DeliverySweep(IDatabase database) : IRetentionSweep
{
    private const string DeleteOldest =
        $"""
        DELETE FROM email_deliveries WHERE (announcement_id, recipient_id) IN (
            SELECT announcement_id, recipient_id FROM email_deliveries WHERE sent_at < @before ORDER BY sent_at LIMIT @batch)
        RETURNING announcement_id AS AnnouncementId, CASE WHEN provider IN ({AnnouncementStore.NotDelivered}) THEN 1 ELSE 0 END AS Undeliverable
        """;

    private const string Fold =
        """
        UPDATE announcements SET swept_delivered = swept_delivered + @delivered, swept_undeliverable = swept_undeliverable + @undeliverable
        WHERE id = @id
        """;

    public string What => "deliveries";

    public TimeSpan KeptFor(RetentionOptions retention) => retention.Deliveries;

    public Task<int> DeleteBatchAsync(DateTimeOffset before, int batch, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var swept = (await connection.QueryAsync<(long AnnouncementId, int Undeliverable)>(new CommandDefinition(
                DeleteOldest, new { before = before.ToUnixTimeMilliseconds(), batch }, transaction, cancellationToken: ct))).AsList();
            foreach (var announcement in swept.GroupBy(d => d.AnnouncementId))
            {
                var undeliverable = announcement.Sum(d => d.Undeliverable);
                await connection.ExecuteAsync(new CommandDefinition(
                    Fold, new { id = announcement.Key, delivered = announcement.Count() - undeliverable, undeliverable }, transaction, cancellationToken: ct));
            }

            return swept.Count;
        }, ct);
}
