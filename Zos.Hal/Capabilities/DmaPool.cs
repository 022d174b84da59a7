using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Memory;

namespace Zos.Hal.Capabilities
{
    // A quota of DMA memory for one device: buffers allocated from it are
    // physically contiguous, pinned, zeroed, and lie below the device's address
    // limit (e.g. 4 GiB for a 32-bit DMA engine). Rights: Allocate, and the
    // Read/Write its buffers get. Revoking the pool revokes its buffers; their
    // memory stays taken until the kernel has stopped the device and reclaims it.
    public sealed class DmaPool : Capability
    {
        private readonly PhysicalMemory _memory;
        private readonly DmaMemory _dmaMemory;
        // The pool whose quota this one draws on: itself, unless derived.
        private readonly DmaPool _quota;
        private ulong _allocatedBytes;
        private bool _quotaReturned;

        internal DmaPool(CapabilityAuthority authority, CapabilityOwner owner, CapabilityRights rights, Capability parent,
            PhysicalMemory memory, DmaMemory dmaMemory, ulong bytes, ulong deviceAddressLimit, DmaPool quota)
            : base(authority, owner, rights, parent)
        {
            _memory = memory;
            _dmaMemory = dmaMemory;
            Bytes = bytes;
            DeviceAddressLimit = deviceAddressLimit;
            _quota = quota ?? this;
        }

        public override CapabilityKind Kind => CapabilityKind.DmaPool;
        public ulong Bytes { get; }
        public ulong DeviceAddressLimit { get; }
        // Bytes taken from the quota by live and not yet reclaimed buffers (whole pages).
        public ulong AllocatedBytes => _quota._allocatedBytes;
        public bool IsQuotaRoot => _quota == this;

        public override string Describe() =>
            "dma pool " + AllocatedBytes.ToString() + "/" + Bytes.ToString() + " bytes below 0x" + DeviceAddressLimit.ToString("x")
            + " " + CapabilityText.Of(Rights);

        // A zeroed buffer of at least `bytes` (rounded up to pages), or the denial:
        // over quota, or no contiguous memory below the limit.
        public CapabilityDenial Allocate(int bytes, out DmaBuffer buffer)
        {
            buffer = null;
            if (!Permits(CapabilityRights.Allocate)) throw Violation(CapabilityRights.Allocate, (ulong)(long)bytes);
            lock (Authority.Sync)
            {
                if (bytes <= 0) return Authority.Deny(Owner, this, DenialReason.InvalidRequest, "buffer of " + bytes.ToString() + " bytes");
                ulong rounded = DmaBuffer.RoundToPages((ulong)bytes);
                if (rounded > _quota.Bytes - _quota._allocatedBytes)
                    return Authority.Deny(Owner, this, DenialReason.QuotaExceeded,
                        rounded.ToString() + " bytes asked, " + (_quota.Bytes - _quota._allocatedBytes).ToString() + " left");
                if (!_dmaMemory.TryAllocate(rounded, DeviceAddressLimit, out ulong physical, out ulong device))
                    return Authority.Deny(Owner, this, DenialReason.Unavailable,
                        rounded.ToString() + " contiguous bytes below 0x" + DeviceAddressLimit.ToString("x"));
                CapabilityRights deviceRights = Rights & CapabilityRights.ReadWrite;
                string unmapped = Authority.MapForDevice(Owner, device, physical, rounded, deviceRights);
                if (unmapped is not null)
                {
                    _dmaMemory.Free(physical, rounded);
                    return Authority.Deny(Owner, this, DenialReason.Unavailable, rounded.ToString() + " bytes cannot be mapped for the device: " + unmapped);
                }
                _memory.ZeroBytes(physical, rounded);
                _quota._allocatedBytes += rounded;
                buffer = new DmaBuffer(Authority, Owner, deviceRights, this, _memory, physical, device, bytes, rounded, Authority.Translation is not null);
                return null;
            }
        }

        // A pool with fewer rights drawing on the same quota, for the same owner.
        public CapabilityDenial Derive(CapabilityRights rights, out DmaPool derived)
        {
            derived = null;
            lock (Authority.Sync)
            {
                CapabilityDenial denial = CheckDerivation(Owner, rights);
                if (denial is not null) return denial;
                derived = new DmaPool(Authority, Owner, rights, this, _memory, _dmaMemory, Bytes, DeviceAddressLimit, _quota);
                return null;
            }
        }

        // Once revoked, the kernel gives the quota back to the system budget, once.
        // Called with Authority.Sync held.
        internal bool ReturnQuota()
        {
            if (_quotaReturned || !IsQuotaRoot) return false;
            _quotaReturned = true;
            return true;
        }

        // Called with Authority.Sync held.
        internal void Release(DmaBuffer buffer)
        {
            _dmaMemory.Free(buffer.PhysicalAddress, buffer.ReservedBytes);
            _quota._allocatedBytes -= buffer.ReservedBytes;
        }
    }
}
