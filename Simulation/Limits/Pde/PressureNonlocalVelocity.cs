using Ensemble.Simulation.Kernels;
using Ensemble.Simulation.Numerics;

namespace Ensemble.Simulation.Limits.Pde;

/// <summary>
/// Model B's nonlocal system (1.5): v_k = b_k grad V^eps * P with P = (V^eps * sum_l a_l rho_l)^(m-1), the mean
/// field of the particle drift (1.6). V^eps * s exactly at the cell centres for the piecewise-constant s (cell
/// integrals of V^eps), P there by <see cref="FixedPow"/>, then grad V^eps * P at the faces and centres with P
/// taken as constant on each cell (cell integrals of grad V^eps): both convolutions direct stencil sums.
/// </summary>
internal sealed class PressureNonlocalVelocity : NonlocalVelocityModel<ConvolutionStencil[]>
{
    private readonly UniformGrid _grid;
    private readonly double[] _weight, _mobility;
    private readonly double _power;
    private readonly ConvolutionStencil _smooth;
    private readonly ConvolutionStencil[] _faceStencils, _centreStencils;
    private readonly double[] _sum, _pressure, _scratch;

    public PressureNonlocalVelocity(UniformGrid grid, double[] weight, double[] mobility, double exponent, double eps, KernelShape mollifier)
    {
        if (!(exponent >= 1.0)) throw new ArgumentException($"an exponent m >= 1, found {exponent}");
        if (!(eps > 0)) throw new ArgumentException($"a positive eps, found {eps}");
        int d = grid.Dimension;
        _grid = grid;
        _weight = weight;
        _mobility = mobility;
        _power = exponent - 1.0;
        _smooth = ConvolutionStencil.Value(mollifier, d, eps, 1.0, grid.Spacing, new double[d]);
        _faceStencils = new ConvolutionStencil[d];
        _centreStencils = new ConvolutionStencil[d];
        for (int a = 0; a < d; a++)
        {
            var face = new double[d];
            face[a] = 0.5;
            _faceStencils[a] = ConvolutionStencil.Gradient(mollifier, d, eps, 1.0, grid.Spacing, a, face);
            _centreStencils[a] = ConvolutionStencil.Gradient(mollifier, d, eps, 1.0, grid.Spacing, a, new double[d]);
        }
        _sum = new double[grid.CellCount];
        _pressure = new double[grid.CellCount];
        _scratch = new double[grid.CellCount];
    }

    protected override ConvolutionStencil[] FaceStencils => _faceStencils;

    protected override ConvolutionStencil[] CentreStencils => _centreStencils;

    protected override void Evaluate(double[][] u, double[][][] velocity, ConvolutionStencil[] stencils)
    {
        int cells = _grid.CellCount;
        Array.Clear(_sum);
        for (int l = 0; l < u.Length; l++)
            for (int c = 0; c < cells; c++) _sum[c] += _weight[l] * u[l][c];
        _smooth.Apply(_grid, _sum, _scratch);
        for (int c = 0; c < cells; c++) _pressure[c] = FixedPow.Pow(Math.Max(_scratch[c], 0.0), _power); // (1.5)
        for (int a = 0; a < _grid.Dimension; a++)
        {
            stencils[a].Apply(_grid, _pressure, _scratch);
            for (int k = 0; k < u.Length; k++)
            {
                double b = _mobility[k];
                double[] v = velocity[k][a];
                for (int c = 0; c < cells; c++) v[c] = b * _scratch[c];
            }
        }
    }
}
