using Ensemble.Simulation.Kernels;

namespace Ensemble.Simulation.Limits.Pde;

/// <summary>
/// Model A's nonlocal system (4): v_i = sum_j grad V_ij^eta * u_j with V_ij^eta = a_ij eta^-d C_d f(|x|^2/eta^2),
/// the exact mean field of the particle drift (2) (see Drift/PairwiseCoefficients: the particle feels -v_i).
/// Pairs with the same kernel shape share one convolution: v_i = sum over shapes of grad V_shape * (sum_j a_ij u_j).
/// Convolutions are direct sums over <see cref="ConvolutionStencil"/>s of exact cell integrals, evaluated
/// at the faces (for the fluxes) and at the centres (for the coupled process).
/// </summary>
internal sealed class PairwiseNonlocalVelocity : NonlocalVelocityModel<ConvolutionStencil[][]>
{
    private readonly UniformGrid _grid;
    private readonly double[,] _a;
    private readonly KernelShape[,] _shapes;
    private readonly KernelShape[] _used;
    private readonly ConvolutionStencil[][] _faceStencils;   // [shape][axis]
    private readonly ConvolutionStencil[][] _centreStencils; // [shape][axis]
    private readonly double[] _source, _scratch;

    public PairwiseNonlocalVelocity(UniformGrid grid, double[,] interaction, KernelShape[,] shapes, double eta)
    {
        int n = interaction.GetLength(0), d = grid.Dimension;
        if (interaction.GetLength(1) != n || shapes.GetLength(0) != n || shapes.GetLength(1) != n)
            throw new ArgumentException("an n x n interaction and shape matrix");
        if (!(eta > 0)) throw new ArgumentException($"a positive eta, found {eta}");
        _grid = grid;
        _a = interaction;
        _shapes = shapes;
        _used = shapes.Cast<KernelShape>().Distinct().Order().ToArray();
        _faceStencils = new ConvolutionStencil[_used.Length][];
        _centreStencils = new ConvolutionStencil[_used.Length][];
        for (int s = 0; s < _used.Length; s++)
        {
            _faceStencils[s] = new ConvolutionStencil[d];
            _centreStencils[s] = new ConvolutionStencil[d];
            for (int a = 0; a < d; a++)
            {
                var face = new double[d];
                face[a] = 0.5;
                _faceStencils[s][a] = ConvolutionStencil.Gradient(_used[s], d, eta, 1.0, grid.Spacing, a, face);
                _centreStencils[s][a] = ConvolutionStencil.Gradient(_used[s], d, eta, 1.0, grid.Spacing, a, new double[d]);
            }
        }
        _source = new double[grid.CellCount];
        _scratch = new double[grid.CellCount];
    }

    protected override ConvolutionStencil[][] FaceStencils => _faceStencils;

    protected override ConvolutionStencil[][] CentreStencils => _centreStencils;

    protected override void Evaluate(double[][] u, double[][][] velocity, ConvolutionStencil[][] stencils)
    {
        int n = u.Length, d = _grid.Dimension, cells = _grid.CellCount;
        for (int i = 0; i < n; i++)
        {
            for (int a = 0; a < d; a++) Array.Clear(velocity[i][a], 0, cells);
            for (int s = 0; s < _used.Length; s++)
            {
                if (!Combine(u, i, _used[s])) continue;
                for (int a = 0; a < d; a++)
                {
                    stencils[s][a].Apply(_grid, _source, _scratch);
                    double[] v = velocity[i][a];
                    for (int c = 0; c < cells; c++) v[c] += _scratch[c];
                }
            }
        }
    }

    /// <summary>_source = sum_j a_ij u_j over the j whose pair (i, j) has <paramref name="shape"/>; false when there are none.</summary>
    private bool Combine(double[][] u, int i, KernelShape shape)
    {
        bool any = false;
        Array.Clear(_source);
        for (int j = 0; j < u.Length; j++)
        {
            if (_shapes[i, j] != shape || _a[i, j] == 0.0) continue;
            any = true;
            double aij = _a[i, j];
            double[] uj = u[j];
            for (int c = 0; c < _source.Length; c++) _source[c] += aij * uj[c];
        }
        return any;
    }
}
