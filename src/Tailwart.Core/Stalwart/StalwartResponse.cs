namespace Tailwart.Core.Stalwart;

/// <summary>One HTTP answer from the management API: the status and the (size-capped) body text.</summary>
internal sealed record StalwartResponse(int Status, string Body, string Path);
