namespace Ensemble.Jobs.Ledger;

/// <summary>
/// The realisations recorded since the last save, as compactly as their use allows: 4 bytes an
/// index in fixed chunks (no doubling slack), plus, only where the store writes them, where and
/// how long each ran (a float and a silo number: 6 bytes more). Full records are built only when
/// a save takes the lot.
/// </summary>
internal sealed class UnsavedOutcomes(bool keepDetails)
{
    private const int ChunkSize = 16_384;

    private readonly List<uint[]> _indices = [];
    private readonly List<float[]> _milliseconds = [];
    private readonly List<ushort[]> _silos = [];
    private readonly Dictionary<string, ushort> _siloNumbers = [];
    private readonly List<string?> _siloNames = [null];

    public int Count { get; private set; }

    public void Add(uint index, string? silo = null, double? milliseconds = null)
    {
        int chunk = Count / ChunkSize, slot = Count % ChunkSize;
        if (chunk == _indices.Count)
        {
            _indices.Add(new uint[ChunkSize]);
            if (keepDetails)
            {
                _milliseconds.Add(new float[ChunkSize]);
                _silos.Add(new ushort[ChunkSize]);
            }
        }
        _indices[chunk][slot] = index;
        if (keepDetails)
        {
            _milliseconds[chunk][slot] = milliseconds is { } ms ? (float)ms : float.NaN;
            _silos[chunk][slot] = SiloNumber(silo);
        }
        Count++;
    }

    /// <summary>Every entry in the order added, then empty.</summary>
    public (uint Index, string? Silo, double? Milliseconds)[] TakeAll()
    {
        var all = new (uint, string?, double?)[Count];
        for (int i = 0; i < Count; i++)
        {
            int chunk = i / ChunkSize, slot = i % ChunkSize;
            uint index = _indices[chunk][slot];
            all[i] = keepDetails
                ? (index, _siloNames[_silos[chunk][slot]], float.IsNaN(_milliseconds[chunk][slot]) ? null : _milliseconds[chunk][slot])
                : (index, null, null);
        }
        _indices.Clear();
        _milliseconds.Clear();
        _silos.Clear();
        Count = 0;
        return all;
    }

    private ushort SiloNumber(string? silo)
    {
        if (silo is null) return 0;
        if (_siloNumbers.TryGetValue(silo, out ushort number)) return number;
        if (_siloNames.Count > ushort.MaxValue) return 0; // more silos than a number holds: the name is left out
        number = (ushort)_siloNames.Count;
        _siloNames.Add(silo);
        _siloNumbers[silo] = number;
        return number;
    }
}
