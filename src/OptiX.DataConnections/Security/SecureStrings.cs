using System.Runtime.InteropServices;
using System.Security;

namespace OptiX.DataConnections.Security;

/// <summary>Converts between plain text and <see cref="SecureString"/>; plain text lives only as long as a request needs it.</summary>
public static class SecureStrings
{
    public static SecureString FromPlainText(string value)
    {
        var secure = new SecureString();
        foreach (var c in value)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }

    public static string ToPlainText(SecureString value)
    {
        var pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(value);
            return Marshal.PtrToStringUni(pointer) ?? string.Empty;
        }
        finally
        {
            if (pointer != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
