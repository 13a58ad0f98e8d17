namespace Ensemble.Simulation.Limits;

/// <summary>
/// A uniform grid of cells over the box [lower, lower + cells h] in d = 1 to 3, the same spacing h
/// on every axis. Cells are flattened with x fastest: index = i_x + n_x (i_y + n_y i_z).
/// </summary>
public sealed class UniformGrid
{
    public UniformGrid(IReadOnlyList<double> lower, IReadOnlyList<int> cells, double spacing)
    {
        if (lower.Count is < 1 or > 3 || cells.Count != lower.Count)
            throw new ArgumentException("a grid of 1 to 3 axes, with a lower corner and a cell count per axis");
        if (!(spacing > 0) || !double.IsFinite(spacing)) throw new ArgumentException($"a positive finite spacing, found {spacing}");
        Lower = lower.ToArray();
        Cells = cells.ToArray();
        Spacing = spacing;
        long count = 1;
        foreach (int n in Cells)
        {
            if (n < 1) throw new ArgumentException($"at least one cell per axis, found {n}");
            count *= n;
        }
        if (count > Array.MaxLength) throw new ArgumentException($"{count:N0} cells are more than an array can hold");
        CellCount = (int)count;
        // h * h * … rather than Math.Pow, whose bits are the C library's and may differ between CPUs.
        double volume = 1.0;
        for (int a = 0; a < Dimension; a++) volume *= spacing;
        CellVolume = volume;
    }

    public int Dimension => Cells.Length;
    public double[] Lower { get; }
    public int[] Cells { get; }
    public double Spacing { get; }
    public int CellCount { get; }
    public double CellVolume { get; }

    public double Upper(int axis) => Lower[axis] + Cells[axis] * Spacing;

    /// <summary>Centre of cell <paramref name="i"/> along <paramref name="axis"/>.</summary>
    public double Centre(int axis, int i) => Lower[axis] + (i + 0.5) * Spacing;

    /// <summary>Distance in the flattened index between neighbours along <paramref name="axis"/>.</summary>
    public int Stride(int axis)
    {
        int stride = 1;
        for (int a = 0; a < axis; a++) stride *= Cells[a];
        return stride;
    }

    /// <summary>Index along <paramref name="axis"/> of the flattened cell <paramref name="cell"/>.</summary>
    public int IndexOn(int cell, int axis) => cell / Stride(axis) % Cells[axis];
}
