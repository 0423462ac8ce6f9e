namespace Reference.Chaos.FaultProxy.Toxics.Bandwidth;

/// <summary>At most <see cref="KilobytesPerSecond"/> × 1024 bytes a second per connection and direction.</summary>
public sealed record BandwidthOptions(int KilobytesPerSecond)
{
    public double BytesPerSecond => KilobytesPerSecond * 1024.0;
}
