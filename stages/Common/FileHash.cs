using System.Security.Cryptography;

namespace DataGen.Stages;

/// <summary>SHA-256 of a file, lower-case hex: the model identity recorded in run manifests.</summary>
public static class FileHash
{
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
