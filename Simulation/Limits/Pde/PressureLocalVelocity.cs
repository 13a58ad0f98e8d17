using Ensemble.Simulation.Numerics;

namespace Ensemble.Simulation.Limits.Pde;

/// <summary>
/// Model B's local system (1.1): v_k = b_k grad P(s), P = s^(m-1), s = sum_l a_l rho_l. At a face the pressure
/// difference is split exactly with the secant slope P' = (P_R - P_L)/(s_R - s_L) (the derivative (m-1) s^(m-2)
/// where s_R = s_L): b_k P' a_k grad rho_k is a diffusion of rho_k, treated implicitly with the face diffusivity
/// b_k a_k P' (rho_k,L + rho_k,R)/2, and b_k P' sum_(l != k) a_l grad rho_l is the explicit face velocity.
/// </summary>
internal sealed class PressureLocalVelocity : IVelocityModel
{
    private readonly UniformGrid _grid;
    private readonly double[] _weight, _mobility;
    private readonly double _power;
    private readonly double[] _sum, _pressure;

    public PressureLocalVelocity(UniformGrid grid, double[] weight, double[] mobility, double exponent)
    {
        if (!(exponent >= 1.0)) throw new ArgumentException($"an exponent m >= 1, found {exponent}");
        _grid = grid;
        _weight = weight;
        _mobility = mobility;
        _power = exponent - 1.0;
        _sum = new double[grid.CellCount];
        _pressure = new double[grid.CellCount];
    }

    public string Convolution => "none";

    public bool SmoothInTime => false;

    public bool HasSelfDiffusion => true;

    /// <summary>max over cells and k of b_k rho_k P'(s) sum_(l != k) a_l, P'(s) = (m - 1) s^(m - 2).</summary>
    public double ExplicitDiffusivity(double[][] u)
    {
        if (u.Length == 1) return 0.0;
        Pressure(u);
        double total = _weight.Sum(), largest = 0.0;
        for (int c = 0; c < _sum.Length; c++)
        {
            double slope = _power * FixedPow.Pow(_sum[c], _power - 1.0);
            for (int k = 0; k < u.Length; k++)
                largest = Math.Max(largest, _mobility[k] * u[k][c] * slope * (total - _weight[k]));
        }
        return largest;
    }

    public void Faces(double[][] u, double[][][] velocity, double[][][] diffusivity)
    {
        Pressure(u);
        int n = u.Length;
        double h = _grid.Spacing;
        for (int a = 0; a < _grid.Dimension; a++)
        {
            var lines = new AxisLines(_grid, a);
            int s = lines.Stride, last = (lines.Count - 1) * s;
            for (int k = 0; k < n; k++)
                for (int o = 0; o < lines.Outer; o++)
                {
                    Array.Clear(velocity[k][a], o * lines.Block + last, s);
                    Array.Clear(diffusivity[k][a], o * lines.Block + last, s);
                }
            for (int o = 0; o < lines.Outer; o++)
            for (int c = o * lines.Block; c < o * lines.Block + last; c++)
            {
                double slope = Slope(_sum[c], _sum[c + s], _pressure[c], _pressure[c + s]);
                for (int k = 0; k < n; k++)
                {
                    double cross = 0.0;
                    for (int l = 0; l < n; l++)
                        if (l != k) cross += _weight[l] * (u[l][c + s] - u[l][c]);
                    velocity[k][a][c] = _mobility[k] * slope * cross / h;
                    diffusivity[k][a][c] = _mobility[k] * _weight[k] * slope * 0.5 * (u[k][c] + u[k][c + s]);
                }
            }
        }
    }

    public void Centres(double[][] u, double[][][] velocity)
    {
        Pressure(u);
        for (int k = 0; k < u.Length; k++)
        for (int a = 0; a < _grid.Dimension; a++)
            GridDifferences.Centred(_grid, _pressure, a, _mobility[k], velocity[k][a], add: false); // (1.1)
    }

    public void Check(double time, double[][] u)
    {
    }

    private void Pressure(double[][] u)
    {
        Array.Clear(_sum);
        for (int l = 0; l < u.Length; l++)
            for (int c = 0; c < _sum.Length; c++) _sum[c] += _weight[l] * u[l][c];
        for (int c = 0; c < _sum.Length; c++) _pressure[c] = FixedPow.Pow(_sum[c], _power);
    }

    private double Slope(double sL, double sR, double pL, double pR) =>
        sR != sL ? (pR - pL) / (sR - sL) : _power * FixedPow.Pow(sL, _power - 1.0);
}
