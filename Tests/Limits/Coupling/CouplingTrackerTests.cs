using Ensemble.Simulation.Engine;
using Ensemble.Simulation.Limits.Coupling;
using Xunit;

namespace Ensemble.Tests.Limits.Coupling;

/// <summary>
/// The running suprema of the coupling errors (Theorem 3, Lemma 13, Proposition 1.2) against a direct computation
/// from every step's states, by hand on a small case, and the tracker's wiring rules.
/// </summary>
public sealed class CouplingTrackerTests
{
    private static readonly CouplingMeasure[] AllKinds =
    [
        new(1, CouplingKind.SupMaxAbs), new(1, CouplingKind.SupMaxSquare), new(1, CouplingKind.SupSquareAveraged),
        new(2, CouplingKind.SupSquareAveraged), new(2, CouplingKind.SupMaxAbs),
    ];

    [Fact]
    public void ValuesOfAHandWorkedCaseAreThePapersSums()
    {
        // Species 0: two particles, species 1: one particle, d = 2. Process 1 moves species 0's particle 1 by (3, 4)
        // at step 1 and back by half at step 2; species 1's particle by (0, 1) at step 2.
        var tracker = new CouplingTracker(2, [2, 1], [new(1, CouplingKind.SupMaxAbs), new(1, CouplingKind.SupMaxSquare),
            new(1, CouplingKind.SupSquareAveraged)]);
        var reference = new ParticleVectors(2, [2, 1]);
        var coupled = new ParticleVectors(2, [2, 1]);
        var values = new double[3];
        Feed(tracker, 0, reference, coupled);
        tracker.CopyValues(values);
        Assert.Equal([0.0, 0.0, 0.0], values);

        coupled.Axis[0][1] = 3;
        coupled.Axis[1][1] = 4;
        Feed(tracker, 1, reference, coupled);
        tracker.CopyValues(values);
        Assert.Equal([5.0, 25.0, 25.0 / 2], values);

        coupled.Axis[0][1] = 1.5;
        coupled.Axis[1][1] = 2;
        coupled.Axis[1][2] = 1;
        Feed(tracker, 2, reference, coupled);
        tracker.CopyValues(values);
        // sup over time keeps step 1's 5 for species 0; species 1 adds its 1 (and 1^2; its average over one particle).
        Assert.Equal([5.0 + 1.0, 25.0 + 1.0, 25.0 / 2 + 1.0], values);
    }

    [Theory]
    [InlineData(1, new[] { 7, 10 })]
    [InlineData(2, new[] { 13, 4, 1 })]
    [InlineData(3, new[] { 9 })]
    public void TrackedValuesEqualTheSupremaComputedFromEveryStepsStates(int d, int[] counts)
    {
        var random = new System.Random(d * 100 + counts.Length);
        var tracker = new CouplingTracker(d, counts, AllKinds);
        var states = Enumerable.Range(0, 3).Select(_ => new ParticleVectors(d, counts)).ToArray();
        int total = counts.Sum(), species = counts.Length;
        var particleSup = new double[3, total];
        var speciesSup = new double[3, species];
        var previous = new double[AllKinds.Length];
        var values = new double[AllKinds.Length];
        for (int step = 0; step < 40; step++)
        {
            foreach (var state in states)
            for (int a = 0; a < d; a++)
            for (int i = 0; i < total; i++)
                state.Axis[a][i] = random.NextDouble() * (1 + step % 7);
            for (int p = 0; p < 3; p++) tracker.Observe(step, step * 1e-3, p, states[p]);
            tracker.CopyValues(values);

            for (int p = 1; p < 3; p++)
            for (int k = 0; k < species; k++)
            for (int i = states[0].Offset(k); i < states[0].End(k); i++)
            {
                double squared = 0.0;
                for (int a = 0; a < d; a++) squared += (states[p].Axis[a][i] - states[0].Axis[a][i]) * (states[p].Axis[a][i] - states[0].Axis[a][i]);
                particleSup[p, i] = Math.Max(particleSup[p, i], squared);
                speciesSup[p, k] = Math.Max(speciesSup[p, k], squared);
            }
            double[] expected = AllKinds.Select(m => Direct(m, states[0], speciesSup, particleSup)).ToArray();
            Assert.Equal(expected, values);
            for (int m = 0; m < values.Length; m++) Assert.True(values[m] >= previous[m], $"measure {m} fell at step {step}");
            values.CopyTo(previous, 0);
        }
        Assert.All(values, v => Assert.True(v > 0));
    }

    [Fact]
    public void ResetStartsANewRealisation()
    {
        var tracker = new CouplingTracker(1, [5], AllKinds);
        var zero = new ParticleVectors(1, [5]);
        var moved = new ParticleVectors(1, [5]);
        moved.Axis[0][3] = 2.0;
        for (int step = 0; step < 3; step++)
        for (int p = 0; p < 3; p++)
            tracker.Observe(step, 0, p, p == 0 ? zero : moved);
        var values = new double[AllKinds.Length];
        tracker.CopyValues(values);
        Assert.All(values, v => Assert.True(v > 0));

        tracker.Reset();
        for (int p = 0; p < 3; p++) tracker.Observe(0, 0, p, zero);
        tracker.CopyValues(values);
        Assert.All(values, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void ASkippedStepOrAProcessSeenBeforeTheParticlesIsAWiringError()
    {
        var state = new ParticleVectors(2, [3]);
        var tracker = new CouplingTracker(2, [3], [new(1, CouplingKind.SupMaxAbs)]);
        Assert.Throws<InvalidOperationException>(() => tracker.Observe(0, 0, 1, state));
        tracker.Observe(0, 0, 0, state);
        tracker.Observe(0, 0, 1, state);
        Assert.Contains("every step", Assert.Throws<InvalidOperationException>(() => tracker.Observe(2, 0, 0, state)).Message);
        tracker.Observe(1, 0, 0, state);
        tracker.Observe(1, 0, 2, state); // an untracked process is ignored
        tracker.Observe(1, 0, 1, state);
        Assert.Throws<ArgumentException>(() => new CouplingTracker(2, [3], [new(0, CouplingKind.SupMaxAbs)]));
        Assert.Throws<ArgumentException>(() => new CouplingTracker(2, [3], []));
    }

    [Fact]
    public void ObservingAllocatesNothing()
    {
        int[] counts = [1000, 1000];
        var tracker = new CouplingTracker(2, counts, AllKinds);
        var state = new ParticleVectors(2, counts);
        var values = new double[AllKinds.Length];
        for (int p = 0; p < 3; p++) tracker.Observe(0, 0, p, state);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int step = 1; step < 50; step++)
        {
            for (int p = 0; p < 3; p++) tracker.Observe(step, 0, p, state);
            tracker.CopyValues(values);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ObservableNamesAreTheIssues()
    {
        Assert.Equal("coupling_sup_max_abs", new CouplingMeasure(1, CouplingKind.SupMaxAbs).ObservableName);
        Assert.Equal("coupling_sup_max_sq", new CouplingMeasure(1, CouplingKind.SupMaxSquare).ObservableName);
        Assert.Equal("coupling_sup_sq", new CouplingMeasure(1, CouplingKind.SupSquareAveraged).ObservableName);
    }

    private static double Direct(CouplingMeasure m, ParticleVectors layout, double[,] speciesSup, double[,] particleSup)
    {
        double total = 0.0;
        for (int k = 0; k < layout.SpeciesCount; k++)
        {
            double sup = speciesSup[m.Process, k];
            if (m.Kind == CouplingKind.SupMaxAbs) total += Math.Sqrt(sup);
            else if (m.Kind == CouplingKind.SupMaxSquare) total += sup;
            else
            {
                double sum = 0.0;
                for (int i = layout.Offset(k); i < layout.End(k); i++) sum += particleSup[m.Process, i];
                total += sum / layout.Counts[k];
            }
        }
        return total;
    }

    private static void Feed(CouplingTracker tracker, int step, ParticleVectors reference, ParticleVectors coupled)
    {
        tracker.Observe(step, step * 1e-3, 0, reference);
        tracker.Observe(step, step * 1e-3, 1, coupled);
    }
}
