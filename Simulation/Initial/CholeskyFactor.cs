using MathNet.Numerics.LinearAlgebra;

namespace Ensemble.Simulation.Initial;

/// <summary>The lower Cholesky factor L (C = L L^T) of a covariance, by Math.NET.</summary>
internal static class CholeskyFactor
{
    public static bool TryCompute(IReadOnlyList<IReadOnlyList<double>> covariance, out double[,] lower)
    {
        int d = covariance.Count;
        var matrix = Matrix<double>.Build.Dense(d, d, (i, j) => covariance[i][j]);
        try
        {
            lower = matrix.Cholesky().Factor.ToArray();
            return true;
        }
        catch (ArgumentException)
        {
            lower = new double[0, 0];
            return false;
        }
    }
}
