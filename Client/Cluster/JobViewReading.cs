using Ensemble.Dashboard.Reading;
using Ensemble.Jobs.Contracts;

namespace Ensemble.Client.Cluster;

/// <summary>The command line's view of a job as the dashboard's reading, so both build a report with one <see cref="JobReportAssembly"/>.</summary>
public sealed class JobViewReading(IJobView view, bool live) : IJobReading
{
    public bool Live => live;

    public Task<JobStatusReport> GetStatus() => view.GetStatus();

    public Task<JobDefinition> GetDefinition() => view.GetDefinition();

    public Task<EstimatesReport> GetEstimates(EstimateQuery query) => view.GetEstimates(query);

    public Task<RealisationRecord> GetRealisation(uint index) => view.GetRealisation(index);

    public Task<RealisationRecord[]> GetRealisations(uint from, int count) => view.GetRealisations(from, count);

    public Task<LimitReport> GetLimit() => view.GetLimit();

    public Task<PrefixHistory?> GetPrefixHistory() => view.GetPrefixHistory();
}
