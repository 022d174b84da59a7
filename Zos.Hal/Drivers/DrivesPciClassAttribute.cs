using System;

namespace Zos.Hal.Drivers
{
    // The driver drives any PCI function of this class and subclass (and
    // programming interface, when given: 0–255, -1 for any).
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class DrivesPciClassAttribute : Attribute
    {
        public DrivesPciClassAttribute(byte classCode, byte subclass)
        {
            ClassCode = classCode;
            Subclass = subclass;
        }

        public byte ClassCode { get; }
        public byte Subclass { get; }
        public int ProgrammingInterface { get; set; } = -1;
    }
}
