using System.Globalization;
using Ensemble.Simulation.Engine;

namespace Ensemble.Simulation.Observables;

/// <summary>
/// Writes positions as tidy CSV, one row per particle and time: <c>step,time,species,particle,x[,y[,z]]</c>.
/// Numbers use the round-trip format, so the file reproduces the state to the bit.
/// </summary>
internal sealed class TrajectoryCsvWriter(TextWriter writer, int dimension)
{
    private bool _headerWritten;

    public void Write(int step, double time, ParticleVectors positions)
    {
        if (!_headerWritten)
        {
            writer.WriteLine("step,time,species,particle," + string.Join(',', Enumerable.Range(0, dimension).Select(Components.Axis)));
            _headerWritten = true;
        }
        string stepText = step.ToString(CultureInfo.InvariantCulture);
        string timeText = time.ToString("R", CultureInfo.InvariantCulture);
        for (int k = 0; k < positions.SpeciesCount; k++)
        for (int p = 0; p < positions.Counts[k]; p++)
        {
            writer.Write(stepText);
            writer.Write(',');
            writer.Write(timeText);
            writer.Write(',');
            writer.Write(k.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(p.ToString(CultureInfo.InvariantCulture));
            for (int a = 0; a < dimension; a++)
            {
                writer.Write(',');
                writer.Write(positions.Axis[a][positions.Offset(k) + p].ToString("R", CultureInfo.InvariantCulture));
            }
            writer.WriteLine();
        }
    }
}
