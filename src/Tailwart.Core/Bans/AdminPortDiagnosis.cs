using Tailwart.Core.Checks;

namespace Tailwart.Core.Bans;

/// <summary>The verdict of the admin-port check, what was seen, and the finding it makes (none when it answers).</summary>
public sealed record AdminPortDiagnosis(AdminPortVerdict Verdict, string Target, string Path, string Summary, Finding? Finding);
