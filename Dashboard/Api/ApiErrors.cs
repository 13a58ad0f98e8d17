using Ensemble.Jobs.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ensemble.Dashboard.Api;

/// <summary>One JSON error shape for every endpoint: <c>{"error": "...", "parameter": "..."}</c> with a status code that says whose fault it is.</summary>
public static class ApiErrors
{
    public sealed record ErrorBody(string Error, string? Parameter);

    public static async Task<IResult> Guard(Func<Task<IResult>> answer, ILogger logger)
    {
        try
        {
            return await answer();
        }
        catch (BadParameterException e)
        {
            return Error(StatusCodes.Status400BadRequest, e.Message, e.Parameter);
        }
        catch (EnsembleException e) when (e.Kind == ErrorKind.UnknownJob)
        {
            return Error(StatusCodes.Status404NotFound, e.Reason, null);
        }
        catch (EnsembleException e) when (e.Kind is ErrorKind.InvalidRequest or ErrorKind.InvalidOption)
        {
            return Error(StatusCodes.Status400BadRequest, e.Message, e.Field);
        }
        catch (TimeoutException e)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, $"the cluster did not answer in time: {e.Message}", null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "dashboard request failed");
            return Error(StatusCodes.Status500InternalServerError, "internal error; the silo's log has the details", null);
        }
    }

    public static IResult Error(int status, string message, string? parameter) =>
        Results.Json(new ErrorBody(message, parameter), DashboardJson.Options, statusCode: status);
}
