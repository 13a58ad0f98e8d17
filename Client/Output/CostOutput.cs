using System.Globalization;
using Ensemble.Jobs.Budgets;
using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Simulation.Costs;
using Ensemble.Simulation.Specs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Ensemble.Client.Output;

/// <summary>
/// The one line <c>run</c> and <c>submit</c> print before any work: what the job will cost (see
/// <see cref="JobCost"/>), so a user sees that a tiny dt means hours per realisation before waiting for it.
/// </summary>
public static class CostOutput
{
    /// <summary>
    /// Costs the submission. With <paramref name="checkBudgets"/> (the embedded <c>run</c>, whose silo
    /// reads the same environment) it refuses a job over the <c>Ensemble:Budgets</c> of this
    /// process's environment, before a silo starts; a cluster applies its own budgets at submission.
    /// </summary>
    public static JobCost Estimate(JobSubmission submission, bool checkBudgets)
    {
        var spec = SpecJson.Parse(submission.SpecJson);
        return checkBudgets
            ? JobBudget.Check(spec, submission.Realisations, submission.MaxInFlight, EnvironmentBudgets())
            : JobCost.Of(spec, submission.Realisations);
    }

    /// <summary>
    /// Prints the line once the job is accepted (a refusal stays the command's one line of output).
    /// Plain console output: the line must not be wrapped at the terminal's width.
    /// </summary>
    public static void Print(JobCost cost) => Console.Out.WriteLine(Line(cost));

    public static string Line(JobCost cost) => string.Create(CultureInfo.InvariantCulture,
        $"cost: {Number(cost.ParticleStepsPerRealisation)} particle-steps per realisation "
        + $"(~{Duration(cost.NominalSecondsPerRealisation)} of one core at a nominal {JobCost.NominalParticleStepsPerSecond:0e0} particle-steps/s), "
        + $"{Number(cost.TotalParticleSteps)} in all (~{Duration(cost.NominalSecondsPerRealisation * cost.Realisations)} of one core); "
        + $"accumulator {cost.AccumulatorValues:N0} values; ~{Bytes(cost.RealisationBytes)} per realisation");

    private static BudgetOptions EnvironmentBudgets()
    {
        var budgets = new BudgetOptions();
        try
        {
            new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(BudgetOptions.Section).Bind(budgets);
        }
        catch (InvalidOperationException e)
        {
            throw new EnsembleException(ErrorKind.InvalidOption, BudgetOptions.Section,
                $"numbers, found a setting that is not one ({e.InnerException?.Message ?? e.Message})");
        }
        if (new BudgetOptionsValidator().Validate(null, budgets) is { Failed: true } refused)
            throw new EnsembleException(ErrorKind.InvalidOption, BudgetOptions.Section, string.Join("; ", refused.Failures));
        return budgets;
    }

    private static string Number(double x) => x < 1e5 ? x.ToString("N0", CultureInfo.InvariantCulture) : x.ToString("0.0e0", CultureInfo.InvariantCulture);

    private static string Duration(double seconds) => seconds switch
    {
        < 1e-3 => "<1 ms",
        < 1 => $"{seconds * 1e3:0} ms",
        < 120 => $"{seconds:0.#} s",
        < 2 * 3600 => $"{seconds / 60:0} min",
        < 48 * 3600 => $"{seconds / 3600:0.#} h",
        _ => $"{seconds / 86400:0.#} days",
    };

    private static string Bytes(long bytes) => bytes switch
    {
        < 1 << 10 => $"{bytes} B",
        < 1 << 20 => $"{bytes / 1024.0:0.#} KiB",
        < 1 << 30 => $"{bytes / (1024.0 * 1024):0.#} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.#} GiB",
    };
}
