using Ensemble.Tests.Support.Postgres;
using Xunit;

// One PostgreSQL server for the whole test assembly, started when the first test that asks for it runs.
[assembly: AssemblyFixture(typeof(PostgresFixture))]
