using System.Globalization;
using Ensemble.Simulation.Engine;

namespace Ensemble.Simulation.Observables;

/// <summary>
/// Writes positions as tidy CSV, one row per particle and time: <c>step,time,species,particle,x[,y[,z]]</c>.
/// With coupled limit processes a <c>process</c> column after <c>time</c> names whose position a row
/// is (<c>particles</c>, <c>intermediate</c>, <c>limit</c>, <c>nonlinear</c>); without, the format is unchanged.
/// Numbers use the round-trip format, so the file reproduces the state to the bit.
/// </summary>
internal sealed class TrajectoryCsvWriter(TextWriter writer, int dimension, IReadOnlyList<string>? processNames = null)
{
    private bool _headerWritten;

    public void Write(int step, double time, ParticleVectors positions, int process = 0)
    {
        if (!_headerWritten)
        {
            writer.WriteLine("step,time," + (processNames is null ? "" : "process,") + "species,particle," +
                string.Join(',', Enumerable.Range(0, dimension).Select(Components.Axis)));
            _headerWritten = true;
        }
        string stepText = step.ToString(CultureInfo.InvariantCulture);
        string timeText = time.ToString("R", CultureInfo.InvariantCulture);
        if (processNames is not null) timeText += "," + processNames[process];
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
