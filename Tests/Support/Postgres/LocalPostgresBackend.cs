using Ensemble.Tests.Support;
using Npgsql;

namespace Ensemble.Tests.Support.Postgres;

/// <summary>
/// A throwaway server built from locally installed binaries: initdb into a fresh temp folder, pg_ctl start on a
/// free loopback port, and pg_ctl stop plus folder deletion at dispose.
/// </summary>
internal sealed class LocalPostgresBackend : IPostgresBackend
{
    private static readonly TimeSpan InitdbTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PgCtlTimeout = TimeSpan.FromSeconds(90);

    private readonly string _binFolder;
    private readonly string _dataDir;
    private readonly string _socketDir;
    private readonly string _logFile;
    private readonly int _port;

    private LocalPostgresBackend(string binFolder, string workDirectory, int port)
    {
        _binFolder = binFolder;
        WorkDirectory = workDirectory;
        _dataDir = Path.Combine(workDirectory, "data");
        _socketDir = Path.Combine(workDirectory, "socket");
        _logFile = Path.Combine(workDirectory, "server.log");
        _port = port;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = ServerUser.Name,
            Database = "postgres",
        }.ConnectionString;
    }

    public string ConnectionString { get; }

    public string Source => $"local binaries {_binFolder} on port {_port}";

    public bool CanStopAndStart => true;

    public string WorkDirectory { get; }

    public bool DropDatabasesOnDispose => false;

    /// <summary>Creates the cluster and starts it; on any failure the temp folder is removed again.</summary>
    public static async Task<LocalPostgresBackend> LaunchAsync(string binFolder)
    {
        var workDirectory = Path.Combine(Path.GetTempPath(), "ensemble-pg-" + Guid.NewGuid().ToString("N")[..12]);
        var backend = new LocalPostgresBackend(binFolder, workDirectory, FreePort.Find());
        try
        {
            Directory.CreateDirectory(backend._socketDir);
            // initdb creates the data folder itself (owned by the server user, mode 0700) inside this one.
            await ServerUser.GiveAwayAsync(workDirectory);
            await backend.InitdbAsync();
            await backend.StartAsync();
            return backend;
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    public async Task StartAsync()
    {
        try
        {
            await PgCtlAsync(PgCtlTimeout,
                "start", "-w", "-t", "60", "-l", _logFile,
                "-o", $"-k \"{_socketDir}\" -p {_port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200");
        }
        catch (ProcessFailedException ex)
        {
            // pg_ctl only says "could not start server"; the reason is in the server log.
            throw new ProcessFailedException($"{ex.Message}\nserver log ({_logFile}):\n{ReadLogTail()}");
        }
    }

    /// <summary>Fast shutdown: the server aborts open sessions, so clients see a real connection loss.</summary>
    public Task StopAsync() => PgCtlAsync(PgCtlTimeout, "stop", "-w", "-m", "fast");

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(_dataDir, "postmaster.pid")))
        {
            try
            {
                await StopAsync();
            }
            catch (ProcessFailedException)
            {
                // A stuck fast shutdown must not leak a server process; immediate mode skips the checkpoint.
                try { await PgCtlAsync(PgCtlTimeout, "stop", "-w", "-m", "immediate"); } catch (ProcessFailedException) { }
            }
        }
        DeleteWorkDirectory();
    }

    private async Task InitdbAsync()
    {
        // trust auth on loopback only; C locale + UTF8 so results do not depend on the machine's locale setup.
        var (file, args) = ServerUser.Command(LocalPostgresBinaries.Tool(_binFolder, "initdb"),
            ["-D", _dataDir, "-U", ServerUser.Name, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
        await ProcessRunner.RunCheckedAsync(file, args, InitdbTimeout, WorkDirectory);
    }

    private async Task PgCtlAsync(TimeSpan timeout, params string[] arguments)
    {
        var (file, args) = ServerUser.Command(LocalPostgresBinaries.Tool(_binFolder, "pg_ctl"), ["-D", _dataDir, .. arguments]);
        // The work folder as cwd: the server user may not be allowed into the test's own folder (e.g. under /root).
        await ProcessRunner.RunCheckedAsync(file, args, timeout, WorkDirectory);
    }

    private string ReadLogTail()
    {
        try
        {
            var lines = File.ReadAllLines(_logFile);
            return string.Join('\n', lines.TakeLast(30));
        }
        catch (IOException ex)
        {
            return $"(unreadable: {ex.Message})";
        }
        catch (UnauthorizedAccessException ex)
        {
            return $"(unreadable: {ex.Message})";
        }
    }

    private void DeleteWorkDirectory()
    {
        // The postmaster may still be releasing files for a moment after pg_ctl returns, so retry briefly.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (Directory.Exists(WorkDirectory)) Directory.Delete(WorkDirectory, recursive: true);
                return;
            }
            catch (Exception ex) when ((ex is IOException or UnauthorizedAccessException) && attempt < 5)
            {
                Thread.Sleep(200);
            }
        }
    }
}
