using Microsoft.Extensions.Options;
using PijarSemar.Contracts.Events;
using PijarSemar.ServiceDefaults.Messaging;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests;

public sealed class OutboxRulesTests
{
    [Fact]
    public void An_event_is_stored_under_its_contracts_name_and_runtime_type_whatever_it_was_passed_as()
    {
        object @event = new WorkerVerified(Guid.NewGuid(), DateTimeOffset.UtcNow, Version: 2);

        var message = OutboxMessage.For(@event, TimeProvider.System);

        Assert.Equal("PijarSemar.Contracts.Events.WorkerVerified", message.MessageType);
        Assert.Contains("\"verifiedAt\"", message.Payload, StringComparison.Ordinal);
        Assert.True(OutboxMessageTypes.TryResolve(message.MessageType, out var type));
        Assert.Equal(typeof(WorkerVerified), type);
    }

    [Fact]
    public void A_type_outside_the_contracts_events_is_refused_before_it_reaches_the_outbox()
    {
        Assert.Throws<ArgumentException>(() => OutboxMessage.For(new FileInfo("/etc/passwd"), TimeProvider.System));
        Assert.False(OutboxMessageTypes.TryResolve("System.IO.FileInfo, System.Runtime", out _));
        Assert.False(OutboxMessageTypes.TryResolve("PijarSemar.Contracts.Events.WorkerRegistered, PijarSemar.Contracts", out _));
    }

    [Theory]
    [InlineData("amqps://broker.semarangkota.go.id/", 5671)]
    [InlineData("amqp://guest:guest@127.0.0.1/", 5672)]
    [InlineData("amqps://broker:6000/", 6000)]
    [InlineData("amqp://127.0.0.1:5999/", 5999)]
    public void The_broker_check_picks_the_amqp_port_by_scheme_when_none_is_given(string uri, int port) =>
        Assert.Equal(port, BrokerHealthCheck.PortOf(new Uri(uri)));

    [Fact]
    public void The_default_outbox_settings_are_valid()
    {
        Assert.True(new OutboxOptionsValidation().Validate(null, new OutboxOptions()).Succeeded);
    }

    [Fact]
    public void A_lease_shorter_than_a_batch_of_timed_out_sends_is_refused_at_start()
    {
        var options = new OutboxOptions { BatchSize = 500, PublishConcurrency = 10, PublishTimeout = TimeSpan.FromSeconds(10), LeaseDuration = TimeSpan.FromMinutes(2) };

        var result = new OutboxOptionsValidation().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("LeaseDuration", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BatchSize")]
    [InlineData("MaxAttempts")]
    [InlineData("CleanupBatchSize")]
    public void A_count_below_one_is_refused(string setting)
    {
        var options = new OutboxOptions();
        typeof(OutboxOptions).GetProperty(setting)!.SetValue(options, 0);

        Assert.Contains(setting, new OutboxOptionsValidation().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }
}
