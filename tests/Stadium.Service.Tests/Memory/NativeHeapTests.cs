using System.Globalization;
using System.Runtime.InteropServices;
using Stadium.Service.Platform.Memory;

namespace Stadium.Service.Tests.Memory;

/// <summary>
/// glibc keeps what a program frees inside its heap when live blocks sit around the hole, so RSS stays up; the trim
/// gives those pages back. Measured on this process: 64 MB of 4 KB blocks, every sixteenth kept, the rest freed.
/// </summary>
public sealed class NativeHeapTests
{
    private const int Block = 4096;
    private const int Blocks = 16_384;

    [Fact]
    public void Trim_returns_the_free_pages_between_live_native_blocks()
    {
        Assert.True(OperatingSystem.IsLinux(), "the trim is glibc's; this test runs where the product ships (Linux)");
        var blocks = new IntPtr[Blocks];
        try
        {
            for (var i = 0; i < Blocks; i++)
            {
                blocks[i] = Marshal.AllocHGlobal(Block);
                // Touch every page, so each one is resident.
                Marshal.WriteByte(blocks[i], 0, 1);
                Marshal.WriteByte(blocks[i], Block - 1, 1);
            }

            for (var i = 0; i < Blocks; i++)
            {
                if (i % 16 != 0)
                {
                    Marshal.FreeHGlobal(blocks[i]);
                    blocks[i] = IntPtr.Zero;
                }
            }

            var before = ResidentBytes();
            Assert.True(NativeHeap.Trim(), "malloc_trim returned nothing to the system");
            var returned = before - ResidentBytes();

            // 60 MB were freed in holes; allow for the allocator's bookkeeping and what other tests allocate meanwhile.
            Assert.True(returned > 32L << 20, $"RSS fell by {returned >> 20} MB");
        }
        finally
        {
            foreach (var block in blocks.Where(b => b != IntPtr.Zero))
            {
                Marshal.FreeHGlobal(block);
            }
        }
    }

    private static long ResidentBytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
