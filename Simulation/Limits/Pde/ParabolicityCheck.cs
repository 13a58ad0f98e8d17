using System.Globalization;
using System.Numerics;
using Ensemble.Simulation.Specs;

namespace Ensemble.Simulation.Limits.Pde;

/// <summary>
/// Model A's (1) is parabolic only while the diffusion matrix M(u) = [[sigma_i delta_ij + a_ij u_i]] has
/// eigenvalues with positive real part (the paper proves existence only for small data). This tests it on
/// every cell: one species, sigma + a u &gt; 0; two, tr M &gt; 0 and det M &gt; 0 (equivalent for a real 2 x 2);
/// more, Gershgorin's discs first and, when they reach the closed left half-plane, the eigenvalues themselves
/// (characteristic polynomial by Faddeev–LeVerrier, roots by Durand–Kerner). Where it fails, the run stops with
/// a <see cref="LimitFailureException"/> naming the time, the cell centre and the eigenvalue: a density computed
/// past that point would be silently wrong.
/// </summary>
internal sealed class ParabolicityCheck(UniformGrid grid, double[,] interaction, double[] sigma)
{
    private readonly int _n = sigma.Length;
    private readonly double[,] _m = new double[sigma.Length, sigma.Length];

    public void Run(double time, double[][] u)
    {
        for (int c = 0; c < grid.CellCount; c++)
        {
            if (Holds(u, c)) continue;
            Complex worst = SmallestRealPart(Eigenvalues());
            var at = string.Join(", ", Enumerable.Range(0, grid.Dimension)
                .Select(a => grid.Centre(a, grid.IndexOn(c, a)).ToString("G6", CultureInfo.InvariantCulture)));
            var densities = string.Join(", ", Enumerable.Range(0, _n).Select(i => u[i][c].ToString("G6", CultureInfo.InvariantCulture)));
            string eigenvalue = worst.Imaginary == 0.0
                ? worst.Real.ToString("G6", CultureInfo.InvariantCulture)
                : $"{worst.Real.ToString("G6", CultureInfo.InvariantCulture)} {(worst.Imaginary < 0 ? "-" : "+")} "
                  + $"{Math.Abs(worst.Imaginary).ToString("G6", CultureInfo.InvariantCulture)}i";
            throw new LimitFailureException(LimitEquation.Local,
                $"model A's local system (1) loses parabolicity at t = {time.ToString("G6", CultureInfo.InvariantCulture)}, "
                + $"x = ({at}): the diffusion matrix [[sigma_i delta_ij + a_ij u_i]] at u = ({densities}) has the eigenvalue "
                + $"{eigenvalue}, whose real part is not positive; the interaction is too strong for these data "
                + "(the paper proves existence only for small data)");
        }
    }

    /// <summary>Fills the matrix of cell <paramref name="c"/> and tells whether every eigenvalue certainly has positive real part.</summary>
    private bool Holds(double[][] u, int c)
    {
        if (_n == 2)
        {
            double m00 = sigma[0] + interaction[0, 0] * u[0][c], m01 = interaction[0, 1] * u[0][c];
            double m10 = interaction[1, 0] * u[1][c], m11 = sigma[1] + interaction[1, 1] * u[1][c];
            if (m00 + m11 > 0.0 && m00 * m11 - m01 * m10 > 0.0) return true;
        }
        for (int i = 0; i < _n; i++)
        for (int j = 0; j < _n; j++)
            _m[i, j] = (i == j ? sigma[i] : 0.0) + interaction[i, j] * u[i][c];
        if (_n == 1) return _m[0, 0] > 0.0;
        if (_n == 2) return _m[0, 0] + _m[1, 1] > 0.0 && _m[0, 0] * _m[1, 1] - _m[0, 1] * _m[1, 0] > 0.0;
        bool gershgorin = true;
        for (int i = 0; i < _n && gershgorin; i++)
        {
            double radius = 0.0;
            for (int j = 0; j < _n; j++)
                if (j != i) radius += Math.Abs(_m[i, j]);
            gershgorin = _m[i, i] - radius > 0.0;
        }
        return gershgorin || SmallestRealPart(Eigenvalues()).Real > 0.0;
    }

    private static Complex SmallestRealPart(Complex[] values) => values.MinBy(v => v.Real);

    private Complex[] Eigenvalues()
    {
        int n = _n;
        if (n == 1) return [new Complex(_m[0, 0], 0.0)];
        if (n == 2)
        {
            double tr = _m[0, 0] + _m[1, 1], det = _m[0, 0] * _m[1, 1] - _m[0, 1] * _m[1, 0];
            double disc = tr * tr - 4.0 * det;
            if (disc >= 0.0)
            {
                double root = Math.Sqrt(disc);
                return [new Complex(0.5 * (tr - root), 0.0), new Complex(0.5 * (tr + root), 0.0)];
            }
            double im = 0.5 * Math.Sqrt(-disc);
            return [new Complex(0.5 * tr, -im), new Complex(0.5 * tr, im)];
        }
        // Faddeev–LeVerrier: p(x) = sum_k coefficient[k] x^k, monic.
        var coefficient = new double[n + 1];
        coefficient[n] = 1.0;
        var power = new double[n, n];
        var product = new double[n, n];
        for (int k = 1; k <= n; k++)
        {
            for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0.0;
                for (int l = 0; l < n; l++) s += _m[i, l] * power[l, j];
                product[i, j] = s;
            }
            for (int i = 0; i < n; i++) product[i, i] += coefficient[n - k + 1];
            double trace = 0.0;
            for (int i = 0; i < n; i++)
            for (int l = 0; l < n; l++) trace += _m[i, l] * product[l, i];
            coefficient[n - k] = -trace / k;
            (power, product) = (product, power);
        }
        // Durand–Kerner from the usual distinct starting points (0.4 + 0.9i)^k, a fixed number of sweeps.
        var roots = new Complex[n];
        var seed = new Complex(0.4, 0.9);
        roots[0] = Complex.One;
        for (int k = 1; k < n; k++) roots[k] = roots[k - 1] * seed;
        for (int sweep = 0; sweep < 500; sweep++)
            for (int i = 0; i < n; i++)
            {
                Complex value = coefficient[n], denominator = Complex.One;
                for (int k = n - 1; k >= 0; k--) value = value * roots[i] + coefficient[k];
                for (int j = 0; j < n; j++)
                    if (j != i) denominator *= roots[i] - roots[j];
                if (denominator != Complex.Zero) roots[i] -= value / denominator;
            }
        return roots;
    }
}
