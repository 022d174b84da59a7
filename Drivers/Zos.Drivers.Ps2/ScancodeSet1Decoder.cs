namespace Zos.Drivers.Ps2
{
    // Turns the bytes of scan code set 1 into key transitions, one byte at a
    // time: 0xE0 marks the next code as an extended key, 0xE1 starts Pause's
    // six-byte press, the top bit marks a release. Bytes that name no key
    // (fake shifts, the keyboard's answers 0xFA and 0xFE, error codes 0x00
    // and 0xFF) give nothing and leave no state behind.
    public sealed class ScancodeSet1Decoder
    {
        private const int PauseSequenceLength = 6;

        private bool _extended;
        // Bytes of Pause's sequence still to come.
        private int _pauseBytesLeft;

        // True with the transition when the byte completes one.
        public bool Feed(byte value, out KeyTransition transition)
        {
            transition = default;
            if (_pauseBytesLeft > 0)
            {
                _pauseBytesLeft--;
                if (_pauseBytesLeft > 0) return false;
                transition = new KeyTransition(PhysicalKey.Pause, pressed: true);
                return true;
            }
            if (value == ScancodeSet1.PausePrefix)
            {
                _extended = false;
                _pauseBytesLeft = PauseSequenceLength - 1;
                return false;
            }
            if (value == ScancodeSet1.ExtendedPrefix)
            {
                _extended = true;
                return false;
            }
            byte code = (byte)(value & ~ScancodeSet1.BreakBit);
            PhysicalKey key = _extended ? ScancodeSet1.ExtendedKey(code) : ScancodeSet1.Key(code);
            _extended = false;
            if (key == PhysicalKey.None) return false;
            transition = new KeyTransition(key, (value & ScancodeSet1.BreakBit) == 0);
            return true;
        }
    }
}
