namespace Ensemble.Simulation.Limits.Pde;

/// <summary>
/// The cells of a <see cref="UniformGrid"/> as lines along one axis, without a division per cell:
/// cell = outer * Block + i * Stride + r with i in [0, Count) along the axis, r in [0, Stride) and
/// outer in [0, Outer). Hot loops run over (outer, i, r), innermost r contiguous.
/// </summary>
internal readonly struct AxisLines
{
    public AxisLines(UniformGrid grid, int axis)
    {
        Stride = grid.Stride(axis);
        Count = grid.Cells[axis];
        Block = Stride * Count;
        Outer = grid.CellCount / Block;
    }

    public int Stride { get; }
    public int Count { get; }
    public int Block { get; }
    public int Outer { get; }
}
