using System;
using Zos.Hal;
using Zos.Hal.Acpi;
using Zos.Hal.Apic;
using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Interrupts;
using Zos.Hal.Memory;
using Zos.Hal.Timing;
using Zos.Kernel.Boot;
using Zos.Kernel.Domains;
using Zos.Kernel.Iommu;
using Zos.Kernel.Memory;
using Zos.Kernel.Supervision;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Hosting
{
    // The IOMMU in the running kernel (docs/iommu.md): brought up from the
    // DMAR table after the drivers are bound and before any starts, one domain
    // per PCI driver instance, the capability authority's DmaTranslation. A
    // blocked DMA raises the units' fault interrupt; a kernel thread reads the
    // records, logs each as a violation of the instance whose device it came
    // from, and stops that instance's domain with cause "DMA violation" (the
    // supervisor recovers it as any crash).
    public static class KernelIommu
    {
        // The message address of the boot CPU's local APIC (Intel SDM 3, 11.11.1).
        private const uint LocalApicMessageAddress = 0xFEE0_0000;

        private static readonly KernelEvent s_faultRaised = new KernelEvent(autoReset: true);
        private static readonly Action<VtdFault, CapabilityOwner> s_onFault = OnFault;
        private static readonly Func<ulong> s_clock = ReadClock;

        public static IommuTranslation Translation { get; private set; }
        // Why DMA is unchecked; null while translation is on.
        public static string UncheckedReason { get; private set; } = "the IOMMU has not been brought up";
        // Instances whose device no running unit covers or could not be attached, with why.
        public static string[] Unattached { get; private set; } = [];
        // How fault records reach the kernel: "interrupt vector 0x.." or why polled.
        public static string FaultDelivery { get; private set; }

        public static void Start(KernelCommandLine options, AcpiTables tables, CapabilityAuthority authority, DriverInstance[] instances)
        {
            if (options.TryGet("iommu", out string setting) && setting == "off")
            {
                UncheckedReason = "turned off on the kernel command line (iommu=off)";
                return;
            }
            DmarTable dmar = tables?.Dmar;
            if (dmar is null)
            {
                UncheckedReason = IommuTranslation.WhyNoTable(tables);
                return;
            }
            IommuTranslation translation = IommuTranslation.Start(dmar.Units, dmar.ReservedRegions, dmar.HostAddressWidth,
                IdentityMappedMemory.Instance, new IommuTableMemory(KernelMemory.Frames, IdentityMappedMemory.Instance));
            string unitErrors = null;
            for (int i = 0; i < translation.UnitCount; i++)
                if (translation.UnitErrors[i] is not null)
                {
                    unitErrors = (unitErrors is null ? "" : unitErrors + "; ") + "unit" + i.ToString() + ": " + translation.UnitErrors[i];
                    KernelConsole.WriteLine("warning: iommu unit" + i.ToString() + " not used: " + translation.UnitErrors[i]);
                }
            if (!translation.Translating)
            {
                UncheckedReason = "no remapping unit started: " + unitErrors;
                return;
            }
            var unattached = new GrowableArray<string>();
            for (int i = 0; i < instances.Length; i++)
            {
                DriverInstance instance = instances[i];
                if (instance.DrivesPlatformDevice) continue;
                string error = translation.Attach(instance, instance.Address.RequesterId);
                if (error is not null) KernelConsole.WriteLine("warning: iommu: " + instance.Name + "'s device stays blocked: " + error);
                if (error is not null || translation.DomainOf(instance) is null)
                    unattached.Add(instance.Name + ": " + (error ?? "no remapping unit covers " + instance.Address.ToString() + ", its DMA is unchecked"));
            }
            Unattached = unattached.ToArray();
            translation.Clock = s_clock;
            authority.Translation = translation;
            Translation = translation;
            UncheckedReason = null;
            FaultDelivery = EnableFaultInterrupts(translation);
            if (Scheduler.Start("iommu-faults", ServeFaults, ThreadPriority.High, null, out string threadError) is null)
                KernelConsole.WriteLine("warning: iommu: no fault thread (" + threadError + "); faults are read only when a block answer is checked");
        }

        // The kernel page `inject <driver> dma` points a device at, and its pattern.
        public static ulong StrayDmaTarget { get; private set; }
        private const byte StrayDmaPattern = 0x5A;

        // Readies the target for a stray DMA by the instance's device, or says
        // why not: only where the IOMMU blocks it, since otherwise the device
        // would really write over kernel memory.
        public static string PrepareStrayDma(DriverInstance instance)
        {
            if (Translation is null) return "inject dma needs the IOMMU to block the write: DMA is unchecked (" + UncheckedReason + ")";
            if (Translation.DomainOf(instance) is null) return "inject dma: " + instance.Name + "'s device is not translated, so nothing would block the write";
            if (StrayDmaTarget == 0)
            {
                if (!KernelMemory.Frames.TryAllocate(out ulong frame)) return "inject dma: no frame left for the target page";
                StrayDmaTarget = frame;
            }
            for (ulong offset = 0; offset < StrayDmaPageBytes; offset++) IdentityMappedMemory.Instance.Write8(StrayDmaTarget + offset, StrayDmaPattern);
            return null;
        }

        // "0x7f3000: 4096 bytes unchanged", or the first byte a device changed; null before any inject.
        public static string StrayDmaTargetState()
        {
            if (StrayDmaTarget == 0) return null;
            for (ulong offset = 0; offset < StrayDmaPageBytes; offset++)
                if (IdentityMappedMemory.Instance.Read8(StrayDmaTarget + offset) != StrayDmaPattern)
                    return "0x" + StrayDmaTarget.ToString("x") + ": CHANGED at byte " + offset.ToString();
            return "0x" + StrayDmaTarget.ToString("x") + ": " + StrayDmaPageBytes.ToString() + " bytes unchanged";
        }

        private const ulong StrayDmaPageBytes = 4096;

        // Reads every waiting fault record now. Called by the fault thread, and
        // by whoever must not miss a fault recorded before something it saw
        // (the block service before believing an answer).
        public static void TakeFaults()
        {
            IommuTranslation translation = Translation;
            if (translation is not null) translation.TakeFaults(s_onFault);
        }

        // Why the incarnation's answers are not to be believed: the fault that
        // stopped it. A fault recorded before the caller looked is read first.
        public static string DeviceFaultOf(DriverIncarnation incarnation)
        {
            IommuTranslation translation = Translation;
            if (translation is null) return null;
            if (translation.FaultPending) TakeFaults();
            return incarnation.DmaViolation;
        }

        private static ulong ReadClock() => TimestampClock.NanosecondsSinceBoot;

        private static void OnFault(VtdFault fault, CapabilityOwner owner)
        {
            string text = fault.ToString();
            KernelConsole.WriteLine("iommu: blocked DMA: " + text);
            if (owner is not DriverInstance instance) return;
            DriverHost.Authority.RecordDmaViolation(instance, fault.Address, text);
            DriverIncarnation incarnation = instance.Current;
            if (incarnation is null) return;
            incarnation.DmaViolation ??= text;
            if (incarnation.Domain.State != DomainState.Running) return;
            incarnation.Domain.Stop(new FaultRecord(CrashRecord.DmaViolationKind, text, null, fault.Address, "iommu-faults",
                TimestampClock.NanosecondsSinceBoot));
            DriverHost.Wake.Set();
        }

        private static string EnableFaultInterrupts(IommuTranslation translation)
        {
            if (!MessageVectors.Available) return "polled once a second: no local APIC for message interrupts";
            int vector = MessageVectors.Allocate(new FaultInterrupt(), out string problem);
            if (vector < 0) return "polled once a second: " + problem;
            for (int i = 0; i < translation.UnitCount; i++)
                translation.Unit(i)?.EnableFaultInterrupt(LocalApicMessageAddress | LocalApic.Id << 12, (uint)vector);
            return "interrupt vector 0x" + vector.ToString("x");
        }

        // Woken by the fault interrupt; also looks once a second, so that a
        // unit whose interrupt never arrives still has its records read.
        private static void ServeFaults()
        {
            while (true)
            {
                s_faultRaised.Wait(1000);
                TakeFaults();
            }
        }

        private sealed class FaultInterrupt : IrqHandler
        {
            public override bool Handle()
            {
                s_faultRaised.Set();
                return true;
            }
        }
    }
}
