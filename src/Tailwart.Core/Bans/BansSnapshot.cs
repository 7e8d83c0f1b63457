using Tailwart.Core.Checks;

namespace Tailwart.Core.Bans;

/// <summary>
/// One look at the bans: the list, the allow-list audit and the admin-port diagnosis, with all
/// their findings. Report and audit are null when the API answered on no path (the findings say why).
/// </summary>
public sealed record BansSnapshot(BanReport? Report, AllowListAuditResult? Allow, AdminPortDiagnosis? Port, IReadOnlyList<Finding> Findings);
