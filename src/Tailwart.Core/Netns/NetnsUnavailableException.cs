namespace Tailwart.Core.Netns;

/// <summary>The sidecar cannot run the pipe (not running, paused, gone, or has no <c>nc</c>).</summary>
public sealed class NetnsUnavailableException(string message, Exception? inner = null) : UserFacingException(message, inner);
