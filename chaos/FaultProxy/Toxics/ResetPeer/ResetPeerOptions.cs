namespace Reference.Chaos.FaultProxy.Toxics.ResetPeer;

/// <summary>The connection is reset (TCP RST) <see cref="After"/> the first chunk arrives; that chunk and later ones are dropped.</summary>
public sealed record ResetPeerOptions(TimeSpan After);
