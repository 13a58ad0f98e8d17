using Ensemble.Simulation.Specs;
using Ensemble.Simulation.Statistics;

namespace Ensemble.Jobs.Partials;

/// <summary>
/// A compact binary form of an <see cref="EnsembleAccumulatorState"/>, what a silo's partial sums travel as.
/// Every exact sum is its canonical limbs as variable-length integers (a digit of 32 bits takes at most 5 bytes, a
/// small one 1), so a partial of W1's 3,852 scalars is about 200 KB however many realisations it holds; minima
/// and maxima are raw doubles (their bits must survive). The decoder validates what it reads (a canonical state,
/// the spec's layout), so a corrupted or foreign partial is refused, never merged.
/// </summary>
public static class PartialSumsCodec
{
    private const byte Version = 1;

    public static byte[] Encode(EnsembleAccumulator accumulator)
    {
        var state = accumulator.ToState();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Version);
            writer.Write7BitEncodedInt(state.Width);
            writer.Write7BitEncodedInt64(state.Count);
            foreach (var sums in Arrays(state)) WriteSums(writer, sums);
            WriteDoubles(writer, state.Minimum);
            WriteDoubles(writer, state.Maximum);
        }
        return stream.ToArray();
    }

    /// <exception cref="ArgumentException">The bytes are not a partial of <paramref name="spec"/>'s layout.</exception>
    public static EnsembleAccumulator Decode(SimulationSpec spec, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
            if (reader.ReadByte() != Version) throw new ArgumentException("partial sums of an unknown version", nameof(bytes));
            int width = reader.Read7BitEncodedInt();
            long count = reader.Read7BitEncodedInt64();
            var state = new EnsembleAccumulatorState(width, count, ReadSums(reader), ReadSums(reader), ReadSums(reader), ReadSums(reader),
                ReadSums(reader), ReadDoubles(reader), ReadDoubles(reader));
            if (reader.BaseStream.Position != bytes.Length) throw new ArgumentException("partial sums with trailing bytes", nameof(bytes));
            return EnsembleAccumulator.FromState(spec, state);
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or OverflowException)
        {
            throw new ArgumentException($"malformed partial sums: {e.Message}", nameof(bytes), e);
        }
    }

    private static ExactSumState[][] Arrays(EnsembleAccumulatorState s) => [s.Sums, s.SumsOfSquares, s.SumsOfCubes, s.SumsOfFourthPowers, s.TaggedCrossSums];

    private static void WriteSums(BinaryWriter writer, ExactSumState[] sums)
    {
        writer.Write7BitEncodedInt(sums.Length);
        foreach (var sum in sums)
        {
            writer.Write7BitEncodedInt(sum.LowLimb);
            writer.Write7BitEncodedInt(sum.Limbs.Length);
            // Every limb but the top is a digit in [0, 2^32); the top is signed: zig-zag keeps a small negative short.
            for (int j = 0; j < sum.Limbs.Length - 1; j++) writer.Write7BitEncodedInt64(sum.Limbs[j]);
            if (sum.Limbs.Length > 0) writer.Write7BitEncodedInt64(ZigZag(sum.Limbs[^1]));
        }
    }

    private static ExactSumState[] ReadSums(BinaryReader reader)
    {
        int n = Length(reader);
        var sums = new ExactSumState[n];
        for (int i = 0; i < n; i++)
        {
            int low = reader.Read7BitEncodedInt();
            var limbs = new long[Length(reader)];
            for (int j = 0; j < limbs.Length - 1; j++) limbs[j] = reader.Read7BitEncodedInt64();
            if (limbs.Length > 0) limbs[^1] = UnZigZag(reader.Read7BitEncodedInt64());
            sums[i] = new ExactSumState(low, limbs);
        }
        return sums;
    }

    private static void WriteDoubles(BinaryWriter writer, double[] values)
    {
        writer.Write7BitEncodedInt(values.Length);
        foreach (double v in values) writer.Write(v);
    }

    private static double[] ReadDoubles(BinaryReader reader)
    {
        var values = new double[Length(reader)];
        for (int i = 0; i < values.Length; i++) values[i] = reader.ReadDouble();
        return values;
    }

    /// <summary>A length that the rest of the stream could hold at one byte an element: no huge allocation from a bad prefix.</summary>
    private static int Length(BinaryReader reader)
    {
        int n = reader.Read7BitEncodedInt();
        if (n < 0 || n > reader.BaseStream.Length - reader.BaseStream.Position)
            throw new FormatException($"a length of {n} with {reader.BaseStream.Length - reader.BaseStream.Position} bytes left");
        return n;
    }

    private static long ZigZag(long v) => (v << 1) ^ (v >> 63);

    private static long UnZigZag(long v) => (long)((ulong)v >> 1) ^ -(v & 1);
}
