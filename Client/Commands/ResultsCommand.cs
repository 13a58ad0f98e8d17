using System.CommandLine;
using Ensemble.Client.Output;
using Ensemble.Grains.Interfaces;
using Ensemble.Jobs.Contracts;

namespace Ensemble.Client.Commands;

/// <summary>
/// <c>results JOB</c>: estimates, filtered, as a table, CSV or JSON (labelled partial while running);
/// with <c>--out DIR</c> also the job's whole results folder, as <c>run</c> writes it.
/// </summary>
public static class ResultsCommand
{
    public static Command Create()
    {
        var observable = new Option<string?>("--observable") { Description = "e.g. mean, covariance, histogram, tagged_covariance, test_function_fluctuation" };
        var species = new Option<string?>("--species") { Description = "species name (or index)" };
        var time = new Option<double?>("--time") { Description = "output time" }.Finite();
        var format = new Option<string>("--format") { Description = "table, csv or json", DefaultValueFactory = _ => "table" }
            .OneOf("table", "csv", "json");
        var output = new Option<string?>("--out")
        {
            Description = "also write the job's results folder here (all estimates, records, job.json, and the limit's tables), as run does",
        };
        var force = CommonOptions.Force();
        return JobCommand.CreateQuery("results", "print a job's estimates", async (job, r, _) =>
        {
            var query = new EstimateQuery { Observable = r.GetValue(observable), Species = r.GetValue(species), Time = r.GetValue(time) };
            // The folder is checked before anything is read or printed, so a bad --out leaves nothing behind.
            var definition = await job.GetDefinition();
            string? folder = r.GetValue(output) is { } given ? ResultsFolder.Prepare(given, definition, r.GetValue(force)) : null;
            var report = await job.GetEstimates(query);
            switch (r.GetValue(format))
            {
                case "csv": EstimatesOutput.WriteCsv(Console.Out, report); break;
                case "json": EstimatesOutput.WriteJson(Console.Out, report); break;
                default: EstimatesOutput.WriteTable(report, showHistogramBins: query.Observable is not null); break;
            }
            if (folder is not null)
            {
                var all = await job.GetEstimates(new EstimateQuery());
                await ResultsFolder.WriteAsync(folder, definition, all, job.GetRealisations, limit: await job.GetLimit());
                // On stderr, so that --format csv or json on stdout stays one document.
                Console.Error.WriteLine($"results written to {CommandErrors.OneLine(folder)}/ (job {definition.JobId}{(all.Partial ? ", partial" : "")})");
            }
            return 0;
        }, observable, species, time, format, output, force);
    }
}
