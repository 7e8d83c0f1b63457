namespace Tailwart.Core.Postmaster;

/// <summary>Ends an SPF evaluation early with TempError or PermError (RFC 7208 §4.6.4, §4.4); never leaves the evaluator.</summary>
internal sealed class SpfAbortException(SpfResult result, string message) : Exception(message)
{
    public SpfResult Result { get; } = result;
}
