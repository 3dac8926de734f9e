using Orleans;
using Orleans.Runtime;
using Tracking.Persistence.Hosting;

namespace Tracking.Postgres.Tests.Orleans;

[GenerateSerializer]
[Alias("Tracking.Postgres.Tests.NoteState")]
public sealed class NoteState
{
    [Id(0)]
    public string? Text { get; set; }

    [Id(1)]
    public int Writes { get; set; }
}

[Alias("Tracking.Postgres.Tests.INoteGrain")]
public interface INoteGrain : IGrainWithStringKey
{
    [Alias("Write")]
    Task WriteAsync(string text);

    [Alias("Read")]
    Task<(string? Default, string? Tracking, int Writes)> ReadAsync();

    [Alias("Deactivate")]
    Task DeactivateAsync();

    [Alias("StartReminder")]
    Task StartReminderAsync(TimeSpan dueTime, TimeSpan period);

    [Alias("StopReminder")]
    Task StopReminderAsync();

    [Alias("Ticks")]
    Task<int> GetTicksAsync();
}

/// <summary>A trivial grain with one state in each storage provider and a reminder.</summary>
public sealed class NoteGrain(
    [PersistentState("note-default")] IPersistentState<NoteState> defaultState,
    [PersistentState("note-tracking", TrackingPostgresHostingExtensions.StorageProviderName)] IPersistentState<NoteState> trackingState)
    : Grain, INoteGrain, IRemindable
{
    private const string ReminderName = "note-tick";
    private int _ticks;

    public async Task WriteAsync(string text)
    {
        defaultState.State.Text = text;
        defaultState.State.Writes++;
        trackingState.State.Text = text;
        trackingState.State.Writes++;
        await defaultState.WriteStateAsync();
        await trackingState.WriteStateAsync();
    }

    public Task<(string? Default, string? Tracking, int Writes)> ReadAsync() =>
        Task.FromResult((defaultState.State.Text, trackingState.State.Text, defaultState.State.Writes));

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task StartReminderAsync(TimeSpan dueTime, TimeSpan period) => this.RegisterOrUpdateReminder(ReminderName, dueTime, period);

    public async Task StopReminderAsync()
    {
        var reminder = await this.GetReminder(ReminderName);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task<int> GetTicksAsync() => Task.FromResult(_ticks);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _ticks++;
        return Task.CompletedTask;
    }
}
