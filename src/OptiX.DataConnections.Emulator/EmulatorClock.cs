using System.Globalization;

namespace OptiX.DataConnections.Emulator;

/// <summary>The emulator's notion of now (replaceable in tests, to expire records and batches without waiting).</summary>
internal sealed class EmulatorClock(TimeProvider timeProvider)
{
    public DateTimeOffset UtcNow => timeProvider.GetUtcNow();

    public static string ToIso(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
