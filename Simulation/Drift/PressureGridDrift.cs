using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Drift;

/// <summary>
/// Model B's drift (1.6) for any m &gt;= 2 by quadrature on a uniform grid of spacing h = eps / resolution
/// covering the particles plus eps:
///   1. rho(y_g) = sum_l (a_l/N_l) sum_j V^eps(y_g - X_l^j), exactly, at every node (deposit);
///   2. P_g = rho(y_g)^(m-1);
///   3. drift(x) = -b_k h^d sum_g grad V^eps(x - y_g) P_g (trapezoidal rule for grad V^eps * P).
/// The only approximation is step 3's quadrature of a smooth, compactly supported integrand, so the
/// error falls quickly with h; it is measured against <see cref="PressurePairwiseDrift"/> for m = 2.
/// The deposit runs in particle order on one thread, so the grid — and the drift — are the same to
/// the bit whatever the thread count; the gather is split over particles.
/// </summary>
public sealed class PressureGridDrift : IDriftField
{
    /// <summary>Largest grid allowed (128 MiB of doubles); a blown-up cloud fails instead of exhausting memory.</summary>
    public const long MaxNodes = 1L << 24;

    private readonly ScaledKernel _v;
    private readonly int _d;
    private readonly double _h;
    private readonly double _power;
    private readonly double[] _mobility;
    private readonly double[] _sourceWeight;
    private readonly int _threads;
    private double[] _pressure = [];
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

    public void Evaluate(ParticleVectors positions, double time, ParticleVectors drift)
    {
        LayOutGrid(positions);
        Array.Clear(_pressure, 0, NodeCount);
        for (int k = 0; k < positions.SpeciesCount; k++)
        for (int p = positions.Offset(k); p < positions.End(k); p++)
            VisitNodes(positions, p, _sourceWeight[k], deposit: true, Span<double>.Empty);
        for (int g = 0; g < NodeCount; g++) _pressure[g] = Power(_pressure[g]);

        int total = positions.Total;
        if (_threads == 1 || total < 1024) Gather(positions, drift, 0, total);
        else
        {
            int chunks = 4 * _threads;
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = _threads },
                c => Gather(positions, drift, (int)((long)total * c / chunks), (int)((long)total * (c + 1) / chunks)));
        }
    }

    private int NodeCount => _nodes[0] * _nodes[1] * _nodes[2];

    private double Power(double rho) => _power switch
    {
        1.0 => rho,
        2.0 => rho * rho,
        _ => rho > 0.0 ? Math.Pow(rho, _power) : 0.0,
    };

    private void Gather(ParticleVectors positions, ParticleVectors drift, int from, int to)
    {
        Span<double> sum = stackalloc double[_d];
        int k = 0;
        double weight = Math.Pow(_h, _d);
        for (int p = from; p < to; p++)
        {
            while (p >= positions.End(k)) k++;
            sum.Clear();
            VisitNodes(positions, p, 1.0, deposit: false, sum);
            for (int a = 0; a < _d; a++) drift.Axis[a][p] = -_mobility[k] * weight * sum[a];
        }
    }

    /// <summary>
    /// Visits the nodes within eps of particle p: adds weight * V^eps(y - x) to the grid (deposit),
    /// or adds grad V^eps(x - y) * P(y) to <paramref name="gradientSum"/> (gather).
    /// </summary>
    private void VisitNodes(ParticleVectors positions, int p, double weight, bool deposit, Span<double> gradientSum)
    {
        Span<int> lo = stackalloc int[3];
        Span<int> hi = stackalloc int[3];
        Span<double> x = stackalloc double[3];
        double eps = _v.Radius, inv2 = _v.InverseRadiusSquared;
        for (int a = 0; a < 3; a++)
        {
            if (a >= _d) { lo[a] = hi[a] = 0; x[a] = 0; continue; }
            x[a] = positions.Axis[a][p];
            double u = (x[a] - _origin[a]) / _h;
            lo[a] = Math.Max(0, (int)Math.Ceiling(u - eps / _h));
            hi[a] = Math.Min(_nodes[a] - 1, (int)Math.Floor(u + eps / _h));
        }
        for (int iz = lo[2]; iz <= hi[2]; iz++)
        {
            double dz = _d > 2 ? x[2] - (_origin[2] + iz * _h) : 0.0;
            for (int iy = lo[1]; iy <= hi[1]; iy++)
            {
                double dy = _d > 1 ? x[1] - (_origin[1] + iy * _h) : 0.0;
                int row = (iz * _nodes[1] + iy) * _nodes[0];
                for (int ix = lo[0]; ix <= hi[0]; ix++)
                {
                    double dx = x[0] - (_origin[0] + ix * _h);
                    double s = (dx * dx + dy * dy + dz * dz) * inv2;
                    if (s >= 1.0) continue;
                    if (deposit)
                    {
                        _pressure[row + ix] += weight * _v.ValueScale * RadialProfile.Value(_v.Shape, s);
                        continue;
                    }
                    double g = _v.GradientScale * RadialProfile.GradientFactor(_v.Shape, s) * _pressure[row + ix];
                    gradientSum[0] += g * dx;
                    if (_d > 1) gradientSum[1] += g * dy;
                    if (_d > 2) gradientSum[2] += g * dz;
                }
            }
        }
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
        if (_pressure.Length < nodes) _pressure = new double[Math.Max(nodes, (long)(_pressure.Length * 1.5))];
    }
}
