namespace Tailwart.Core.Stalwart;

/// <summary>
/// A write Stalwart applied with its reload: the access path used, and the reload's warnings. On 0.15 a reload with
/// warnings and no error is applied (v0.15.5 crates/common/src/manager/reload.rs), so they are shown, never hidden.
/// </summary>
public sealed record ReloadApplied(string Path, IReadOnlyList<string> Warnings);
