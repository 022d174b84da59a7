namespace Zos.Kernel.Iommu
{
    // One translation domain of a VT-d unit: a domain id (the tag of its
    // cached translations, VT-d 3.4, 3.4.3) and its second-level tables. The
    // kernel makes one per driver instance's device; Owner names it (the
    // instance) in faults and in the shell.
    public sealed class VtdDomain
    {
        internal VtdDomain(ushort id, string owner, SecondLevelTables tables)
        {
            Id = id;
            Owner = owner;
            Tables = tables;
        }

        public ushort Id { get; }
        public string Owner { get; }
        public SecondLevelTables Tables { get; }
        public ulong MappedBytes => Tables.MappedBytes;
        // Devices whose context entries point here.
        public int Devices { get; internal set; }
        public int Faults { get; internal set; }
    }
}
