using System.Runtime.CompilerServices;
using Zos.Hal;
using Zos.Kernel.Shell;

namespace Zos.Kernel.Commands
{
    // Faults on purpose, to see (and test) the panic report.
    public sealed unsafe class FaultCommand : ShellCommand
    {
        private static int s_zero;

        public override string Name => "fault";
        public override string Usage => "fault null|divide|opcode|bounds";
        public override string Summary => "cause a CPU fault or an unhandled exception (the kernel panics)";

        public override string Execute(string[] arguments, TextSink output)
        {
            if (arguments.Length != 1) return "fault takes one argument";
            switch (arguments[0])
            {
                case "null": DereferenceNull(); break;
                case "divide": output.WriteLine(DivideByZero(7).ToString()); break;
                case "opcode": ExecuteInvalidOpcode(); break;
                case "bounds": output.WriteLine(IndexPastEnd(new int[4], 4).ToString()); break;
                default: return "unknown fault kind '" + arguments[0] + "'";
            }
            return "the fault did not happen";
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void DereferenceNull()
        {
            int* pointer = null;
            *pointer = 42;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int DivideByZero(int dividend) => dividend / s_zero;

        // Span indexing is bounds-checked: this throws IndexOutOfRangeException.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int IndexPastEnd(System.Span<int> values, int index) => values[index];

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ExecuteInvalidOpcode() => Cpu.ExecuteInvalidOpcode();
    }
}
