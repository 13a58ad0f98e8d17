using System.Runtime.Intrinsics;
using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Numerics;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Drift;

/// <summary>
/// Model B's drift (1.6) for any m &gt;= 2 by quadrature on a uniform grid of spacing h = eps / resolution
/// covering the particles plus eps:
///   1. rho(y_g) = sum_l (a_l/N_l) sum_j V^eps(y_g - X_l^j), exactly, at every node (deposit);
///   2. P_g = rho(y_g)^(m-1) (by <see cref="FixedPow"/>: the same bits on every CPU);
///   3. drift(x) = -b_k h^d sum_g grad V^eps(x - y_g) P_g (trapezoidal rule for grad V^eps * P).
/// The only approximation is step 3's quadrature of a smooth, compactly supported integrand, so the
/// error falls quickly with h once h resolves the mollifier; it is measured against
/// <see cref="PressurePairwiseDrift"/> for m = 2.
/// Each particle touches rows of nodes along x, processed four nodes per vector (a ragged end is
/// masked, so lanes past the row add exactly zero). The deposit keeps, per particle and node, the
/// part of the kernel that the gather needs again (the exponential of the smooth bump), so the
/// gather does not recompute it; the cached path gives the same bits as recomputing. The deposit runs in particle order on one
/// thread, so the grid — and the drift — are the same to the bit whatever the thread count; the
/// gather is split over particles.
/// </summary>
internal sealed class PressureGridDrift : IDriftField
{
    /// <summary>Largest grid allowed (128 MiB of doubles); a blown-up cloud fails instead of exhausting memory.</summary>
    public const long MaxNodes = 1L << 24;

    /// <summary>Largest kernel cache (32 MiB); past it, the gather recomputes instead.</summary>
    private const int MaxCached = 1 << 22;

    private static readonly Vector256<double> LaneIndex = Vector256.Create(0.0, 1.0, 2.0, 3.0);

    private readonly ScaledKernel _v;
    private readonly int _d;
    private readonly double _h;
    private readonly double _power;
    private readonly double[] _mobility;
    private readonly double[] _sourceWeight;
    private readonly int _threads;
    private double[] _pressure = [];
    private double[] _cache = [];
    private int[] _cacheStart = [];
    private bool _cached;
    private readonly double[] _origin = new double[3];
    private readonly int[] _nodes = [1, 1, 1];

    public PressureGridDrift(PressureModelSpec spec, int resolution, int threads = 1)
    {
        _d = spec.Dimension;
        _v = new ScaledKernel(spec.Mollifier, _d, spec.Eps);
        _h = spec.Eps / resolution;
        _power = spec.Exponent - 1.0;
        _mobility = spec.Species.Select(s => s.Mobility).ToArray();
        _sourceWeight = spec.Species.Select(s => s.Weight / s.Particles).ToArray();
        _threads = Math.Max(1, threads);
    }

    public void Evaluate(ParticleVectors positions, double time, ParticleVectors drift) =>
        KernelProfiles.Dispatch<EvaluateCall, ValueTuple>(_v.Shape, new(this, positions, drift));

    /// <summary>Evaluate specialised for the mollifier's profile; returns the empty tuple for want of void.</summary>
    private readonly struct EvaluateCall(PressureGridDrift owner, ParticleVectors positions, ParticleVectors drift) : IProfileCall<ValueTuple>
    {
        public ValueTuple Invoke<TProfile>() where TProfile : struct, IKernelProfile
        {
            owner.Evaluate<TProfile>(positions, drift);
            return default;
        }
    }

    private void Evaluate<TProfile>(ParticleVectors positions, ParticleVectors drift) where TProfile : struct, IKernelProfile
    {
        LayOutGrid(positions);
        Array.Clear(_pressure, 0, NodeCount);
        if (_cacheStart.Length < positions.Total + 1) _cacheStart = new int[positions.Total + 1];
        _cached = true;
        int cursor = 0;
        for (int k = 0; k < positions.SpeciesCount; k++)
        for (int p = positions.Offset(k); p < positions.End(k); p++)
        {
            _cacheStart[p] = cursor;
            Visit<TProfile>(positions, p, _sourceWeight[k] * _v.ValueScale, deposit: true, ref cursor, out _, out _, out _);
        }
        for (int g = 0; g < NodeCount; g++) _pressure[g] = Power(_pressure[g]);

        int total = positions.Total;
        if (_threads == 1 || total < 1024) Gather<TProfile>(positions, drift, 0, total);
        else
        {
            int chunks = 4 * _threads;
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = _threads },
                c => Gather<TProfile>(positions, drift, (int)((long)total * c / chunks), (int)((long)total * (c + 1) / chunks)));
        }
    }

    private int NodeCount => _nodes[0] * _nodes[1] * _nodes[2];

    private double Power(double rho) => _power switch
    {
        1.0 => rho,
        2.0 => rho * rho,
        _ => rho > 0.0 ? FixedPow.Pow(rho, _power) : 0.0,
    };

    private void Gather<TProfile>(ParticleVectors positions, ParticleVectors drift, int from, int to) where TProfile : struct, IKernelProfile
    {
        int k = 0;
        // grad V^eps(z) = GradientScale * Factor * Reduced(s) * z, and the trapezoidal weight h^d.
        double scale = -FixedPow.Integer(_h, _d) * _v.GradientScale * TProfile.Factor;
        for (int p = from; p < to; p++)
        {
            while (p >= positions.End(k)) k++;
            int cursor = _cacheStart[p];
            Visit<TProfile>(positions, p, 1.0, deposit: false, ref cursor, out double sx, out double sy, out double sz);
            double factor = _mobility[k] * scale;
            drift.Axis[0][p] = factor * sx;
            if (_d > 1) drift.Axis[1][p] = factor * sy;
            if (_d > 2) drift.Axis[2][p] = factor * sz;
        }
    }

    /// <summary>
    /// Visits the nodes within eps of particle p: adds weight * f(s) to the grid and caches the
    /// shared part of the kernel at <paramref name="cursor"/> (deposit), or sums
    /// Reduced(s) * P(y) * (x - y) into (sx, sy, sz), from the cache when it holds (gather).
    /// </summary>
    private void Visit<TProfile>(ParticleVectors positions, int p, double weight, bool deposit, ref int cursor, out double sx, out double sy, out double sz)
        where TProfile : struct, IKernelProfile
    {
        Span<int> lo = stackalloc int[3];
        Span<int> hi = stackalloc int[3];
        Span<double> x = stackalloc double[3];
        double reach = _v.Radius / _h;
        for (int a = 0; a < 3; a++)
        {
            if (a >= _d) { lo[a] = hi[a] = 0; x[a] = 0; continue; }
            x[a] = positions.Axis[a][p];
            double u = (x[a] - _origin[a]) / _h;
            lo[a] = Math.Max(0, (int)Math.Ceiling(u - reach));
            hi[a] = Math.Min(_nodes[a] - 1, (int)Math.Floor(u + reach));
        }
        var inverseRadius2 = Vector256.Create(_v.InverseRadiusSquared);
        var step = Vector256.Create(_h);
        var vx = Vector256.Create(x[0] - _origin[0]);
        var vw = Vector256.Create(weight);
        var accX = Vector256<double>.Zero;
        var accY = Vector256<double>.Zero;
        var accZ = Vector256<double>.Zero;
        ref double grid = ref _pressure[0];
        for (int iz = lo[2]; iz <= hi[2]; iz++)
        {
            double dz = _d > 2 ? x[2] - (_origin[2] + iz * _h) : 0.0;
            for (int iy = lo[1]; iy <= hi[1]; iy++)
            {
                double dy = _d > 1 ? x[1] - (_origin[1] + iy * _h) : 0.0;
                var across = Vector256.Create(dy * dy + dz * dz);
                int row = (iz * _nodes[1] + iy) * _nodes[0];
                for (int ix = lo[0]; ix <= hi[0]; ix += 4)
                {
                    var dx = vx - (Vector256.Create((double)ix) + LaneIndex) * step;
                    var s = (dx * dx + across) * inverseRadius2;
                    var valid = Vector256.LessThan(LaneIndex, Vector256.Create((double)(hi[0] - ix + 1)));
                    nuint node = (nuint)(row + ix);
                    if (deposit)
                    {
                        var shared = TProfile.Shared(s);
                        if (_cached && Reserve(cursor)) shared.StoreUnsafe(ref _cache[0], (nuint)cursor);
                        cursor += 4;
                        var value = (TProfile.ValueFrom(shared, s) * vw) & valid;
                        (Vector256.LoadUnsafe(ref grid, node) + value).StoreUnsafe(ref grid, node);
                        continue;
                    }
                    var reduced = _cached ? TProfile.ReducedFrom(Vector256.LoadUnsafe(ref _cache[0], (nuint)cursor), s) : TProfile.Reduced(s);
                    cursor += 4;
                    var g = reduced * Vector256.LoadUnsafe(ref grid, node) & valid;
                    accX += g * dx;
                    if (_d > 1) accY += g * Vector256.Create(dy);
                    if (_d > 2) accZ += g * Vector256.Create(dz);
                }
            }
        }
        sx = Vector256.Sum(accX);
        sy = Vector256.Sum(accY);
        sz = Vector256.Sum(accZ);
    }

    /// <summary>Room for one more vector at <paramref name="cursor"/>; false (and caching off) past the cap.</summary>
    private bool Reserve(int cursor)
    {
        if (cursor + 4 <= _cache.Length) return true;
        long grown = Math.Max(1024, 2L * _cache.Length);
        if (grown > MaxCached)
        {
            _cached = false;
            return false;
        }
        Array.Resize(ref _cache, (int)grown);
        return true;
    }

    private void LayOutGrid(ParticleVectors positions)
    {
        long nodes = 1;
        double margin = _v.Radius + _h;
        for (int a = 0; a < 3; a++)
        {
            if (a >= _d) { _nodes[a] = 1; _origin[a] = 0; continue; }
            ReadOnlySpan<double> xs = positions.Axis[a].AsSpan(0, positions.Total);
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (double v in xs)
            {
                if (v < min) min = v;
                if (v > max) max = v;
            }
            // Nodes on multiples of h keep the grid from shifting by sub-node amounts between steps.
            _origin[a] = Math.Floor((min - margin) / _h) * _h;
            double count = Math.Ceiling((max + margin - _origin[a]) / _h) + 1;
            if (count * nodes > MaxNodes)
                throw new SimulationFailureException(
                    $"the pressure grid would need more than {MaxNodes} nodes (particles spread over [{min:G4}, {max:G4}] on axis {a} with h = {_h:G4})");
            _nodes[a] = (int)count;
            nodes *= (long)count;
        }
        // Four spare nodes so a vector touching the last node stays inside the array.
        long needed = nodes + 4;
        if (_pressure.Length < needed) _pressure = new double[Math.Max(needed, (long)(_pressure.Length * 1.5))];
    }
}
