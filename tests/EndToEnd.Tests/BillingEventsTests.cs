extern alias BillingApi;

using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Billing;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using RabbitMQ.Client;
using Xunit;

namespace PijarSemar.EndToEnd.Tests;

/// <summary>Billing in memory on the shared test broker.</summary>
public sealed class BillingService() : ServiceFixture<BillingApi::Program>("billing");

/// <summary>
/// An outside BPJS job as docs/events.md tells it to work: RabbitMQ.Client only, its own durable
/// queue bound to the fanout exchange named after each event type, reading the envelope's message.
/// </summary>
public sealed class BillingEventsTests(BillingService billing) : IClassFixture<BillingService>
{
    private static readonly string[] Exchanges =
    [
        "PijarSemar.Contracts.Events:ContributionInvoiceIssued",
        "PijarSemar.Contracts.Events:ContributionPaymentRecorded",
        "PijarSemar.Contracts.Events:CoverageLapsed",
    ];

    [Fact]
    public async Task An_outside_job_with_its_own_queue_receives_a_payment_and_a_lapse()
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(await TestServers.RabbitMqAsync()) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = $"bpjs-sync-{Guid.NewGuid():N}";
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        foreach (var exchange in Exchanges)
        {
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
            await channel.QueueBindAsync(queue, exchange, routingKey: "");
        }

        try
        {
            var current = new Period(DateTime.UtcNow.Year, DateTime.UtcNow.Month);
            var paidInvoice = await IssueAsync(current.AddMonths(-1), Guid.CreateVersion7());
            var lapsedWorker = Guid.CreateVersion7();
            await IssueAsync(current.AddMonths(-5), lapsedWorker);

            (await billing.ClientAs(Roles.Finance).PostAsJsonAsync(
                $"/api/v1/invoices/{paidInvoice}/payments", new RecordPaymentRequest(16_800, new DateOnly(2026, 1, 5), $"E2E-{paidInvoice}"))).EnsureSuccessStatusCode();
            (await billing.ClientAs(Roles.Finance).PostAsync("/api/v1/coverage-lapses/runs", null)).EnsureSuccessStatusCode();

            var received = new List<(string Type, JsonElement Message)>();
            var payment = await ReceiveAsync(channel, queue, received, "ContributionPaymentRecorded", m => m.GetProperty("invoiceId").GetGuid() == paidInvoice);
            var lapse = await ReceiveAsync(channel, queue, received, "CoverageLapsed", m => m.GetProperty("workerId").GetGuid() == lapsedWorker);

            Assert.Equal(("Paid", 16_800), (payment.GetProperty("invoiceStatus").GetString(), payment.GetProperty("amount").GetInt64()));
            Assert.Equal(current.AddMonths(-5).ToString(), lapse.GetProperty("firstUnpaidPeriod").GetString());
        }
        finally
        {
            await channel.QueueDeleteAsync(queue);
        }
    }

    [Fact]
    public async Task An_outside_job_with_its_own_queue_receives_one_invoice_event_per_invoice_of_a_billing_run()
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(await TestServers.RabbitMqAsync()) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = $"bpjs-invoices-{Guid.NewGuid():N}";
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.ExchangeDeclareAsync(Exchanges[0], ExchangeType.Fanout, durable: true);
        await channel.QueueBindAsync(queue, Exchanges[0], routingKey: "");

        try
        {
            // Two months back: a month no other test of this class bills. Two APBD workers and one ASN sponsor's worker.
            var period = new Period(DateTime.UtcNow.Year, DateTime.UtcNow.Month).AddMonths(-2);
            var apbd = Guid.CreateVersion7();
            var asn = Guid.CreateVersion7();
            var sponsor = Guid.CreateVersion7();
            await FundAsync(period, apbd, "Apbd", sponsorId: null);
            await FundAsync(period, apbd, "Apbd", sponsorId: null);
            await FundAsync(period, asn, "Asn", sponsor);

            var response = await billing.ClientAs(Roles.Finance).PostAsJsonAsync("/api/v1/billing-runs", new { period = period.ToString() });
            response.EnsureSuccessStatusCode();
            var runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

            var received = new List<(string Type, JsonElement Message)>();
            var apbdInvoice = await ReceiveAsync(channel, queue, received, "ContributionInvoiceIssued",
                m => m.GetProperty("runId").GetGuid() == runId && m.GetProperty("sourceType").GetString() == "Apbd");
            var asnInvoice = await ReceiveAsync(channel, queue, received, "ContributionInvoiceIssued",
                m => m.GetProperty("runId").GetGuid() == runId && m.GetProperty("sourceType").GetString() == "Asn");

            Assert.Equal((2, 33_600L), (apbdInvoice.GetProperty("lineCount").GetInt32(), apbdInvoice.GetProperty("total").GetInt64()));
            Assert.Equal((1, 16_800L, sponsor), (asnInvoice.GetProperty("lineCount").GetInt32(), asnInvoice.GetProperty("total").GetInt64(), asnInvoice.GetProperty("sponsorId").GetGuid()));
            Assert.Equal(period.ToString(), apbdInvoice.GetProperty("period").GetString());
            Assert.Equal(2, received.Count(r => r.Type.EndsWith(":ContributionInvoiceIssued", StringComparison.Ordinal) && r.Message.GetProperty("runId").GetGuid() == runId));
        }
        finally
        {
            await channel.QueueDeleteAsync(queue);
        }
    }

    /// <summary>An allocation as Funding's FundingAllocated leaves it in Billing's read model, for one month.</summary>
    private async Task FundAsync(Period period, Guid fundingSourceId, string sourceType, Guid? sponsorId)
    {
        await using var connection = new NpgsqlConnection(billing.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO funded_allocations (allocation_id, worker_id, funding_source_id, source_type, sponsor_id, start_month, end_month, version, updated_at)
            VALUES (gen_random_uuid(), gen_random_uuid(), @source, @type, @sponsor, @p, @p, 1, now())
            """, connection);
        command.Parameters.AddWithValue("source", fundingSourceId);
        command.Parameters.AddWithValue("type", sourceType);
        command.Parameters.Add(new NpgsqlParameter("sponsor", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = (object?)sponsorId ?? DBNull.Value });
        command.Parameters.AddWithValue("p", period.FirstDay);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<Guid> IssueAsync(Period period, Guid workerId)
    {
        var invoiceId = Guid.CreateVersion7();
        await using var connection = new NpgsqlConnection(billing.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO billing_runs (id, period, status, amount, requested_by, requested_at) VALUES (gen_random_uuid(), @p, 'Completed', 16800, 'test', now())
            ON CONFLICT (period) DO NOTHING;
            INSERT INTO invoices (id, run_id, period, funding_source_id, source_type, line_count, total, status, issued_at)
            SELECT @i, id, @p, gen_random_uuid(), 'Apbd', 1, 16800, 'Issued', now() FROM billing_runs WHERE period = @p;
            INSERT INTO invoice_lines (worker_id, period, invoice_id, allocation_id, amount) VALUES (@w, @p, @i, gen_random_uuid(), 16800);
            """, connection);
        command.Parameters.AddWithValue("p", period.FirstDay);
        command.Parameters.AddWithValue("i", invoiceId);
        command.Parameters.AddWithValue("w", workerId);
        await command.ExecuteNonQueryAsync();
        return invoiceId;
    }

    /// <summary>
    /// The first message of <paramref name="type"/> that matches, among those already received or
    /// arriving within 30 s; everything read is kept in <paramref name="received"/>, since the events
    /// of one test may arrive in either order (the daily lapse check may find a lapse first).
    /// </summary>
    private static async Task<JsonElement> ReceiveAsync(
        IChannel channel, string queue, List<(string Type, JsonElement Message)> received, string type, Func<JsonElement, bool> matches)
    {
        var urn = $"urn:message:PijarSemar.Contracts.Events:{type}";
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            foreach (var (messageType, message) in received)
            {
                if (messageType == urn && matches(message))
                {
                    return message;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No {type} arrived on {queue} within 30 s.");
            }

            var delivery = await channel.BasicGetAsync(queue, autoAck: true);
            if (delivery is null)
            {
                await Task.Delay(100);
                continue;
            }

            using var envelope = JsonDocument.Parse(Encoding.UTF8.GetString(delivery.Body.Span));
            foreach (var listed in envelope.RootElement.GetProperty("messageType").EnumerateArray())
            {
                received.Add((listed.GetString()!, envelope.RootElement.GetProperty("message").Clone()));
            }
        }
    }
}
