namespace Tailwart.Core.Docker;

/// <summary>The labels both compose flavours (v1 Python, v2+ Go plugin) put on the containers they create.</summary>
public static class ComposeLabels
{
    public const string Project = "com.docker.compose.project";
    public const string Service = "com.docker.compose.service";
    public const string ConfigHash = "com.docker.compose.config-hash";
    public const string DependsOn = "com.docker.compose.depends_on";
    public const string ConfigFiles = "com.docker.compose.project.config_files";
    public const string OneOff = "com.docker.compose.oneoff";
}
