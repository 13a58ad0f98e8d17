using System.Globalization;
using Ensemble.Jobs.Errors;
using Ensemble.Simulation.Costs;
using Ensemble.Simulation.Specs;

namespace Ensemble.Jobs.Budgets;

/// <summary>
/// Refuses, before any work, a job that would pass one of the <see cref="BudgetOptions"/>: one
/// named error saying what the job would need, the budget and the setting that holds it.
/// </summary>
public static class JobBudget
{
    /// <summary>The job's cost if it is within <paramref name="budgets"/>; otherwise throws <see cref="JobRejectedException"/>.</summary>
    public static JobCost Check(SimulationSpec spec, int realisations, int maxInFlight, BudgetOptions budgets)
    {
        if (maxInFlight > budgets.MaxInFlight)
            throw Over(ErrorKind.InvalidOption, "maxInFlight", $"a window of {maxInFlight:N0} realisations in flight", budgets.MaxInFlight,
                nameof(BudgetOptions.MaxInFlight));
        if (realisations > budgets.MaxRealisations)
            throw Over(ErrorKind.InvalidOption, "realisations", $"{realisations:N0} realisations", budgets.MaxRealisations,
                nameof(BudgetOptions.MaxRealisations));
        var cost = JobCost.Of(spec, realisations);
        if (cost.AccumulatorValues > budgets.MaxAccumulatorValues)
            throw Over(ErrorKind.InvalidSpec, "observables",
                $"the accumulator would hold {Show(cost.AccumulatorValues)} values (output times x species x values per time)",
                budgets.MaxAccumulatorValues, nameof(BudgetOptions.MaxAccumulatorValues));
        if (cost.RealisationBytes > budgets.MaxRealisationBytes)
            throw Over(ErrorKind.InvalidSpec, "model.species",
                $"one realisation would need about {Show(cost.RealisationBytes)} bytes of memory", budgets.MaxRealisationBytes,
                nameof(BudgetOptions.MaxRealisationBytes));
        if (cost.TotalParticleSteps > budgets.MaxParticleSteps)
            throw Over(ErrorKind.InvalidSpec, "time.dt",
                $"the job would take {Show(cost.TotalParticleSteps)} particle-steps (particles x steps x realisations)",
                budgets.MaxParticleSteps, nameof(BudgetOptions.MaxParticleSteps));
        return cost;
    }

    private static JobRejectedException Over(ErrorKind kind, string field, string need, double budget, string setting) =>
        new(kind, field, $"{need}, over the budget of {Show(budget)} ({BudgetOptions.Section}:{setting})");

    private static string Show(double value) => value.ToString(value < 1e6 ? "N0" : "0.0e0", CultureInfo.InvariantCulture);
}
