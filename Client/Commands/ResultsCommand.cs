using System.CommandLine;
using Ensemble.Client.Output;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;

namespace Ensemble.Client.Commands;

/// <summary><c>results JOB</c>: estimates, filtered, as a table, CSV or JSON (labelled partial while running).</summary>
public static class ResultsCommand
{
    public static Command Create()
    {
        var observable = new Option<string?>("--observable") { Description = "e.g. mean, covariance, histogram, tagged_covariance, test_function_fluctuation" };
        var species = new Option<string?>("--species") { Description = "species name (or index)" };
        var time = new Option<double?>("--time") { Description = "output time" }.Finite();
        var format = new Option<string>("--format") { Description = "table, csv or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        return JobCommand.CreateQuery("results", "print a job's estimates", async (job, r, _) =>
        {
            var query = new EstimateQuery { Observable = r.GetValue(observable), Species = r.GetValue(species), Time = r.GetValue(time) };
            var report = await job.GetEstimates(query);
            switch (r.GetValue(format))
            {
                case "csv": EstimatesOutput.WriteCsv(Console.Out, report); break;
                case "json": EstimatesOutput.WriteJson(Console.Out, report); break;
                default: EstimatesOutput.WriteTable(report, showHistogramBins: query.Observable is not null); break;
            }
            return 0;
        }, observable, species, time, format);
    }
}
