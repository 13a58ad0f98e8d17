using System.CommandLine;
using Ensemble.Client.Commands;
using Ensemble.Jobs.Errors;
using Ensemble.Storage;

namespace Ensemble.Client.Cluster;

/// <summary>
/// Where the cluster is: a gateway port on this host (localhost clustering, the development
/// default), or a PostgreSQL database whose membership table lists the gateways (any host) and
/// whose tables answer read-only questions without a cluster.
/// </summary>
public sealed record ClusterTarget(int GatewayPort, string? Postgres)
{
    /// <summary>The description shown in messages; never the password.</summary>
    public override string ToString() => Postgres is null
        ? $"localhost:{GatewayPort}"
        : $"the cluster registered in {PostgresConnectionString.Redact(Postgres)}";
}

/// <summary>The <c>--gateway-port</c> and <c>--postgres</c> options, added to a command together.</summary>
public sealed class ClusterTargetOptions
{
    private readonly Option<int> _gateway = new Option<int>("--gateway-port")
    {
        Description = "gateway port of a silo on this host (without PostgreSQL)",
        DefaultValueFactory = _ => 30000,
    }.Within(1, 65535);

    private readonly Option<string?> _postgres = new("--postgres")
    {
        Description = $"PostgreSQL connection string of the cluster (default: ${PostgresConnectionString.EnvironmentVariable}); " +
            "status, results, list and rerun then read the database",
    };

    public ClusterTargetOptions AddTo(Command command)
    {
        command.Options.Add(_gateway);
        command.Options.Add(_postgres);
        return this;
    }

    /// <summary>An explicit --postgres wins; else an explicit --gateway-port; else ENSEMBLE_POSTGRES; else the default port.</summary>
    public ClusterTarget Resolve(ParseResult parsed)
    {
        bool gatewayGiven = parsed.GetResult(_gateway) is { Implicit: false };
        string? explicitPostgres = parsed.GetValue(_postgres);
        string? postgres = gatewayGiven && string.IsNullOrWhiteSpace(explicitPostgres) ? null : PostgresConnectionString.Resolve(explicitPostgres);
        return new ClusterTarget(parsed.GetValue(_gateway), postgres is null ? null : Checked(postgres));
    }

    /// <summary>The connection string if it parses; otherwise a refusal naming the option (the text may hold a password, so it is never echoed).</summary>
    public static string Checked(string connectionString, string option = "--postgres") =>
        PostgresConnectionString.Problem(connectionString) is { } problem
            ? throw new EnsembleException(ErrorKind.InvalidOption, option, problem)
            : connectionString;
}
