using Tailwart.Core;
using Tailwart.Core.Config;

namespace Tailwart.Cli;

/// <summary>The config has errors; the top level prints each problem and exits 2.</summary>
public sealed class ConfigInvalidException(ConfigLoadResult result)
    : UserFacingException($"{result.File}: the config has {result.Problems.Count(p => p.Severity == ConfigSeverity.Error)} error(s); nothing was changed.")
{
    public ConfigLoadResult Result { get; } = result;
}
