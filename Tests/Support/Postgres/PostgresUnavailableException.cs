namespace Ensemble.Tests.Support.Postgres;

/// <summary>
/// No PostgreSQL server could be provided. Tests fail with this (never skip), and the message says what to install,
/// so a missing database is noticed instead of silently reducing coverage.
/// </summary>
public sealed class PostgresUnavailableException(string message) : Exception(message);
