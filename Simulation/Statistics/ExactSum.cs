namespace Ensemble.Simulation.Statistics;

/// <summary>
/// The exact sum of a multiset of finite doubles (a "superaccumulator"), so an ensemble aggregate is
/// the same to the bit whatever order realisations arrive in and whatever tree of partial sums is
/// merged. Compensated summation only makes the rounding error small; here there is none to make
/// order matter.
/// </summary>
/// <remarks>
/// <para>
/// Every finite double is m 2^e with m a 53-bit integer and e in [-1074, 971], so it is an integer
/// multiple of 2^-1074 and the sum of any multiset of doubles is such an integer too. It is held as
/// a fixed-point integer in base 2^32: limb i has weight 2^(32 i - 1088) (1088 = 34 * 32 &gt;= 1074,
/// so limb 0 reaches below the smallest subnormal). Only the window of limbs
/// [<c>LowLimb</c>, <c>LowLimb + length</c>) that values have touched is stored, so an observable of
/// one magnitude costs 3–6 limbs rather than the 68 the whole double range spans.
/// </para>
/// <para>
/// A double's mantissa shifted to its bit position is at most 53 + 31 = 84 bits, so it lands in three
/// consecutive limbs as three 32-bit chunks, added (or subtracted, for a negative value) without
/// carrying. Limbs are 64-bit, so carries can wait: after normalisation (or restoring a canonical
/// state) every limb has |limb| &lt;= 2^32, and each addition changes a limb by less than 2^32, so after
/// k pending additions |limb| &lt;= 2^32 (k + 1); merging sums with p and q pending leaves p + q + 1.
/// Carries are propagated (<see cref="Normalise"/>) once k reaches <see cref="CarryInterval"/> = 2^30
/// (a merge may overshoot by one), which keeps every limb within 2^32 (2^30 + 2) &lt; 2^63, and before
/// anything reads the value.
/// </para>
/// <para>
/// The canonical form (<see cref="ToState"/>) is unique for each exact value, so equal sums have equal
/// states: carries propagated; every limb but the top is a digit in [0, 2^32); the top limb is signed
/// and nonzero, in [-2^32, 2^32), and is not -1 unless it is the only limb (a top of -1 over a digit d
/// is folded into one top d - 2^32); the lowest limb is not a multiple of 2^32 (nonzero, and not
/// -2^32 when it is also the top). Zero is the empty window at limb 0.
/// </para>
/// <para>Not thread-safe: one writer at a time, and reads normalise in place.</para>
/// </remarks>
internal sealed class ExactSum
{
    /// <summary>Weight of limb 0 is 2^-<see cref="LimbZeroExponent"/>.</summary>
    internal const int LimbZeroExponent = 1088;

    /// <summary>Additions absorbed before carries must be propagated (see the remarks).</summary>
    internal const long CarryInterval = 1L << 30;

    private const long DigitMask = 0xFFFF_FFFFL;
    private const long DigitBase = 1L << 32;
    private const ulong MantissaMask = (1UL << 52) - 1;
    private const ulong HiddenBit = 1UL << 52;

    /// <summary>Limb index of <c>_limbs[0]</c>.</summary>
    private int _low;

    /// <summary>
    /// The window, possibly with zero limbs at either end and always with a spare limb above the
    /// highest one an addition touches, so only carries ever reach the top limb.
    /// </summary>
    private long[] _limbs = [];

    /// <summary>Additions (counting a merge as the other's pending count plus one) since the last normalisation.</summary>
    private long _pending;

    /// <summary>Adds a finite double exactly. Zero of either sign adds nothing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">NaN or an infinity: they would poison the sum silently.</exception>
    public void Add(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        int biased = (int)(bits >> 52) & 0x7FF;
        if (biased == 0x7FF)
            throw new ArgumentOutOfRangeException(nameof(value), value, "an exact sum takes finite numbers only");
        ulong mantissa = (ulong)bits & MantissaMask;
        if (biased == 0)
        {
            if (mantissa == 0) return;
            biased = 1;   // subnormal: 0.f * 2^-1022 = f * 2^(1 - 1075)
        }
        else
        {
            mantissa |= HiddenBit;   // 1.f * 2^(biased - 1023) = m * 2^(biased - 1075)
        }

        // Bit position of the mantissa's unit above 2^-1088: (biased - 1075) + 1088, in [14, 2059].
        int position = biased + 13;
        int limb = position >> 5, shift = position & 31;
        ulong low = mantissa << shift;
        long c0 = (long)(low & DigitMask);
        long c1 = (long)(low >> 32);
        long c2 = (long)(mantissa >> (32 - shift) >> 32);   // mantissa >> (64 - shift), and 0 when shift = 0

        if (_pending >= CarryInterval) Normalise();
        EnsureWindow(limb, limb + 3);
        int i = limb - _low;
        if (bits < 0)
        {
            _limbs[i] -= c0;
            _limbs[i + 1] -= c1;
            _limbs[i + 2] -= c2;
        }
        else
        {
            _limbs[i] += c0;
            _limbs[i + 1] += c1;
            _limbs[i + 2] += c2;
        }
        _pending++;
    }

    /// <summary>
    /// Adds another exact sum (the merge of partial accumulators): exact, hence associative and
    /// commutative. <paramref name="other"/> is not changed (it may be this sum itself).
    /// </summary>
    public void Add(ExactSum other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this)) other = Clone();
        if (other._limbs.Length == 0) return;
        // Limbs sum to at most 2^32 (p + 1) + 2^32 (q + 1) = 2^32 ((p + q + 1) + 1): p + q + 1 pending.
        if (_pending + other._pending + 1 > CarryInterval) Normalise();
        int otherHigh = other._low + other._limbs.Length;
        EnsureWindow(other._low, otherHigh);
        int offset = other._low - _low;
        for (int j = 0; j < other._limbs.Length; j++) _limbs[offset + j] += other._limbs[j];
        _pending += other._pending + 1;
    }

    /// <summary>
    /// The sum correctly rounded to the nearest double (ties to even): a function of the exact value
    /// alone, hence of the canonical state. ±Infinity if the exact sum lies beyond the double range.
    /// </summary>
    public double ToDouble() => ToDouble(ToState());

    /// <summary>The canonical state (see the remarks): equal exact values give equal states.</summary>
    public ExactSumState ToState()
    {
        Normalise();
        int n = _limbs.Length;
        while (n > 0 && _limbs[n - 1] == 0) n--;   // a zero top says nothing; the digit below becomes the top
        if (n == 0) return new ExactSumState(0, []);
        int start = 0;
        while (_limbs[start] == 0) start++;   // stops at the top at the latest: it is nonzero
        long top = _limbs[n - 1];
        while (top == -1 && n - 1 > start)
        {
            n--;
            top = _limbs[n - 1] - DigitBase;   // -1 * 2^32 + d: fold a redundant -1 top into the digit below
        }
        var limbs = new long[n - start];
        Array.Copy(_limbs, start, limbs, 0, limbs.Length);
        limbs[^1] = top;
        return new ExactSumState(_low + start, limbs);
    }

    /// <summary>An exact sum holding the value of a canonical state.</summary>
    /// <exception cref="ArgumentException">The state is not canonical (see <see cref="ExactSumState.Validate"/>).</exception>
    public static ExactSum FromState(ExactSumState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Validate();
        return new ExactSum { _low = state.LowLimb, _limbs = [.. state.Limbs, 0L] };
    }

    public ExactSum Clone() => new() { _low = _low, _limbs = (long[])_limbs.Clone(), _pending = _pending };

    /// <summary>The value of a canonical state, correctly rounded to a double (ties to even).</summary>
    internal static double ToDouble(ExactSumState state)
    {
        long[] limbs = state.Limbs;
        int n = limbs.Length;
        if (n == 0) return 0.0;
        long top = limbs[n - 1];
        bool negative = top < 0;

        // |value| in base-2^32 digits; the top limb may need 33 bits, hence n + 1 digits.
        var digits = new ulong[n + 1];
        long borrow = 0;
        for (int j = 0; j < n - 1; j++)
        {
            long v = negative ? -limbs[j] - borrow : limbs[j];
            borrow = 0;
            if (v < 0)
            {
                v += DigitBase;
                borrow = 1;
            }
            digits[j] = (ulong)v;
        }
        long magnitudeTop = negative ? -top - borrow : top;   // in [1, 2^32]
        digits[n - 1] = (ulong)(magnitudeTop & DigitMask);
        digits[n] = (ulong)(magnitudeTop >> 32);

        int h = digits[n] != 0 ? n : n - 1;
        while (digits[h] == 0) h--;
        // The top three digits as one 65..96-bit window; everything below only decides the sticky bit.
        UInt128 window = ((UInt128)digits[h] << 64) | ((UInt128)Digit(digits, h - 1) << 32) | Digit(digits, h - 2);
        bool sticky = false;
        for (int j = 0; j < h - 2 && !sticky; j++) sticky = digits[j] != 0;

        int bitLength = 128 - (int)UInt128.LeadingZeroCount(window);
        int shift = bitLength - 53;   // >= 12: the window always has at least 65 bits
        ulong mantissa = (ulong)(window >> shift);
        UInt128 remainder = window & ((UInt128.One << shift) - 1);
        UInt128 half = UInt128.One << (shift - 1);
        if (remainder > half || (remainder == half && (sticky || (mantissa & 1) == 1))) mantissa++;

        // mantissa <= 2^53 is exact as a double; ScaleB is exact unless the result overflows. A sum in
        // the subnormal range is a multiple of 2^-1074 below 2^-1022, so it is exactly representable.
        int exponent = shift + 32 * (state.LowLimb + h - 2) - LimbZeroExponent;
        double magnitude = Math.ScaleB(mantissa, exponent);
        return negative ? -magnitude : magnitude;
    }

    private static ulong Digit(ulong[] digits, int j) => j >= 0 ? digits[j] : 0;

    /// <summary>
    /// Propagates carries: every limb but the top becomes a digit in [0, 2^32), and the top is split
    /// until it lies in [-2^32, 2^32). The value is unchanged; the window keeps its spare top limb.
    /// </summary>
    private void Normalise()
    {
        if (_pending == 0) return;
        long carry = 0;
        int n = _limbs.Length;
        for (int j = 0; j < n - 1; j++)
        {
            long v = _limbs[j] + carry;
            _limbs[j] = v & DigitMask;
            carry = v >> 32;
        }
        long top = _limbs[n - 1] + carry;
        while (top is < -DigitBase or >= DigitBase)
        {
            _limbs[^1] = top & DigitMask;
            top >>= 32;
            Array.Resize(ref _limbs, _limbs.Length + 1);
        }
        _limbs[^1] = top;
        _pending = 0;
    }

    /// <summary>
    /// Widens the window to cover limbs [low, high) plus one spare limb above, so that additions never
    /// write the top limb and its magnitude stays bounded by the carries it receives.
    /// </summary>
    private void EnsureWindow(int low, int high)
    {
        int currentHigh = _low + _limbs.Length;
        if (_limbs.Length != 0 && low >= _low && high < currentHigh) return;
        if (_limbs.Length == 0)
        {
            _low = low;
            _limbs = new long[high + 1 - low];
            return;
        }
        int newLow = Math.Min(low, _low);
        int newHigh = Math.Max(high + 1, currentHigh);
        var limbs = new long[newHigh - newLow];
        Array.Copy(_limbs, 0, limbs, _low - newLow, _limbs.Length);
        _limbs = limbs;
        _low = newLow;
    }
}
