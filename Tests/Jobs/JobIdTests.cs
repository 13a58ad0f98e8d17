using Ensemble.Jobs.Contracts;
using Ensemble.Jobs.Errors;
using Ensemble.Jobs.Submissions;
using Xunit;

namespace Ensemble.Tests.Jobs;

/// <summary>The job-id grammar: what names a results folder and a grain may be.</summary>
public sealed class JobIdTests
{
    [Theory]
    [InlineData("w1")]
    [InlineData("w1-20261201-103204")]
    [InlineData("a.b_c-D9")]
    [InlineData("...")]
    [InlineData("x..y")]
    [InlineData("_")]
    public void AcceptsIdsFromTheGrammar(string id)
    {
        Assert.Null(JobId.Problem(id));
        Assert.Null(JobId.Problem(new string('a', JobId.MaxLength)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../../x")]
    [InlineData("/etc/passwd")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("/")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a\nb")]
    [InlineData("-x")]
    [InlineData("a b")]
    [InlineData("a\0b")]
    [InlineData("é")]
    [InlineData("C:x")]
    public void RefusesIdsThatCouldBePathsOrOptions(string id)
    {
        string? problem = JobId.Problem(id);
        Assert.NotNull(problem);
        Assert.StartsWith(JobId.Grammar, problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
        var e = Assert.Throws<JobRejectedException>(() => JobId.Checked(id));
        Assert.Equal((ErrorKind.InvalidOption, "jobId"), (e.Kind, e.Field));
    }

    [Fact]
    public void RefusesAnIdOfMoreThan128Characters()
    {
        string problem = JobId.Problem(new string('a', JobId.MaxLength + 1))!;
        Assert.Contains("(129 characters)", problem);
    }

    [Theory]
    [InlineData("my spec", "my_spec")]
    [InlineData("-lead", "job-lead")]
    [InlineData("..", "job..")]
    [InlineData("", "job")]
    [InlineData("ünï", "_n_")]
    public void MakesAValidIdFromAFileName(string name, string id)
    {
        Assert.Equal(id, JobId.From(name));
        Assert.Null(JobId.Problem(JobId.From(name)));
        Assert.Equal(100, JobId.From(new string('x', 300), 100).Length);
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("a\nb")]
    [InlineData("")]
    public void TheSubmissionValidatorRefusesABadId(string id)
    {
        var submission = new JobSubmission { SpecJson = "{}", Realisations = 1 };
        var e = Assert.Throws<JobRejectedException>(() => SubmissionValidator.Validate(id, submission, new DispatchOptions()));
        Assert.Equal("jobId", e.Field);
    }

    [Fact]
    public void TheSubmissionValidatorRefusesMoreRealisationsThanTheBooksHold()
    {
        var submission = new JobSubmission { SpecJson = "{}", Realisations = int.MaxValue };
        var e = Assert.Throws<JobRejectedException>(() => SubmissionValidator.Validate("ok", submission, new DispatchOptions()));
        Assert.Equal(("realisations", ErrorKind.InvalidOption), (e.Field, e.Kind));
    }
}
