using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DataGen.Stages;

/// <summary>Every random choice is seeded from (run seed, prompt id, sample index, purpose, attempt) so reruns give the same data.</summary>
public static class SeedDeriver
{
    public static long Derive(long runSeed, string promptId, int sampleIndex, string purpose, int attempt = 0)
    {
        var text = $"{runSeed}\u001f{promptId}\u001f{sampleIndex}\u001f{purpose}\u001f{attempt}";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        // Positive 53-bit value: exact as a JSON number and accepted as a seed by every backend we know.
        return (long)(BinaryPrimitives.ReadUInt64LittleEndian(hash) & ((1UL << 53) - 1));
    }
}
