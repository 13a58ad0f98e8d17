namespace Ensemble.Simulation.Limits.Pde;

/// <summary>
/// Model A's local cross-diffusion system (1): v_i = sum_j a_ij grad u_j. The self part a_ii u_i grad u_i
/// (when a_ii &gt; 0) is a diffusion of u_i and goes to the implicit face diffusivity a_ii (u_i,L + u_i,R)/2;
/// the rest is the explicit face velocity from forward differences. Well posed only while the diffusion
/// matrix [[sigma_i delta_ij + a_ij u_i]] keeps eigenvalues with positive real part: <see cref="Check"/>
/// tests that on every cell (<see cref="ParabolicityCheck"/>).
/// </summary>
internal sealed class CrossDiffusionVelocity(UniformGrid grid, double[,] interaction, double[] sigma) : IVelocityModel
{
    private readonly ParabolicityCheck _check = new(grid, interaction, sigma);

    public string Convolution => "none";

    public bool SmoothInTime => false;

    public bool HasSelfDiffusion => true;

    /// <summary>max over cells and i of sum_(j != i) |a_ij| u_i + max(-a_ii, 0) u_i.</summary>
    public double ExplicitDiffusivity(double[][] u)
    {
        int n = u.Length;
        double largest = 0.0;
        for (int i = 0; i < n; i++)
        {
            double share = Math.Max(-interaction[i, i], 0.0);
            for (int j = 0; j < n; j++)
                if (j != i) share += Math.Abs(interaction[i, j]);
            if (share == 0.0) continue;
            double peak = 0.0;
            foreach (double v in u[i]) peak = Math.Max(peak, v);
            largest = Math.Max(largest, share * peak);
        }
        return largest;
    }

    public void Faces(double[][] u, double[][][] velocity, double[][][] diffusivity)
    {
        int n = u.Length, d = grid.Dimension, cells = grid.CellCount;
        for (int i = 0; i < n; i++)
        for (int a = 0; a < d; a++)
        {
            double[] v = velocity[i][a];
            Array.Clear(v, 0, cells);
            for (int j = 0; j < n; j++)
            {
                double aij = i == j ? Math.Min(interaction[i, i], 0.0) : interaction[i, j];
                if (aij != 0.0) GridDifferences.Forward(grid, u[j], a, aij, v, add: true);
            }
            double self = Math.Max(interaction[i, i], 0.0);
            double[] ui = u[i], dif = diffusivity[i][a];
            var lines = new AxisLines(grid, a);
            int s = lines.Stride, last = (lines.Count - 1) * s;
            for (int o = 0; o < lines.Outer; o++)
            {
                int b = o * lines.Block;
                for (int c = b; c < b + last; c++) dif[c] = self * 0.5 * (ui[c] + ui[c + s]);
                Array.Clear(dif, b + last, s);
            }
        }
    }

    public void Centres(double[][] u, double[][][] velocity)
    {
        int n = u.Length, d = grid.Dimension;
        for (int i = 0; i < n; i++)
        for (int a = 0; a < d; a++)
        {
            Array.Clear(velocity[i][a]);
            for (int j = 0; j < n; j++)
                if (interaction[i, j] != 0.0) GridDifferences.Centred(grid, u[j], a, interaction[i, j], velocity[i][a], add: true);
        }
    }

    public void Check(double time, double[][] u) => _check.Run(time, u);
}
