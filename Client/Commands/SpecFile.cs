using System.Text;
using Ensemble.Jobs.Errors;
using Ensemble.Simulation.Specs;

namespace Ensemble.Client.Commands;

/// <summary>
/// Reads a spec file with its size bounded: a directory, a missing file, anything that is not a
/// regular file (a device, a FIFO: their size reads as 0) and a file over
/// <see cref="SpecJson.MaxLength"/> bytes are refused before reading; the read itself stops one
/// byte past the cap, so a file that grows meanwhile cannot exhaust memory either.
/// </summary>
public static class SpecFile
{
    private const string Field = "SPEC";

    public static string Read(FileInfo file)
    {
        string path = file.FullName;
        string shown = CommandErrors.OneLine(file.ToString());
        if (Directory.Exists(path)) throw Refused($"a spec file (JSON), found a directory: {shown}");
        if (!File.Exists(path)) throw Refused($"a spec file (JSON), not found: {shown}");
        long length = new FileInfo(path).Length;
        if (length == 0) throw Refused($"a regular, non-empty JSON file, found an empty file or a device, FIFO or socket: {shown}");
        if (length > SpecJson.MaxLength) throw TooLarge(shown, length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var buffer = new byte[SpecJson.MaxLength + 1];
        int read = 0;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1))
        {
            for (int n; read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0;) read += n;
        }
        if (read > SpecJson.MaxLength) throw TooLarge(shown, "more");
        var bytes = buffer.AsSpan(0, read);
        if (bytes.StartsWith(Encoding.UTF8.Preamble)) bytes = bytes[Encoding.UTF8.Preamble.Length..];
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Refused($"UTF-8 text, found bytes that are not UTF-8 in {shown}");
        }
    }

    private static EnsembleException TooLarge(string shown, string bytes) =>
        Refused($"a spec file of at most {SpecJson.MaxLength} bytes (1 MiB), found {bytes} bytes: {shown}");

    private static EnsembleException Refused(string reason) => new(ErrorKind.InvalidOption, Field, reason);
}
