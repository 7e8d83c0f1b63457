namespace Tailwart.Core.Docker;

/// <summary>Which compose CLI drives the project: the Go plugin (<c>docker compose</c>) or the Python v1 binary (<c>docker-compose</c>).</summary>
public enum ComposeFlavour
{
    V2Plugin,
    V1Binary,
}
