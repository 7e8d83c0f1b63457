namespace Tailwart.Core.Postmaster;

/// <summary>The results of RFC 7208 §2.6 check_host().</summary>
public enum SpfResult
{
    None,
    Neutral,
    Pass,
    Fail,
    SoftFail,
    TempError,
    PermError,
}
