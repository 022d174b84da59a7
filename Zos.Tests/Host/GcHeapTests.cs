using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Zos.Runtime.Gc;

namespace Zos.Tests.Host;

// The collector's source, compiled into this assembly, run over memory from
// NativeMemory with objects stamped with real CoreCLR MethodTables: CoreCLR
// lays out objects, MethodTable flags, base sizes and GCDescs as NativeAOT does.
public unsafe class GcHeapTests
{
    private const ulong RegionBytes = 8UL << 20;
    private const ulong Budget = 1UL << 20;

    [StructLayout(LayoutKind.Explicit)]
    private sealed class Pair
    {
        [FieldOffset(0)] public object? First;
        [FieldOffset(8)] public object? Second;
        [FieldOffset(16)] public long Value;
    }

    [StructLayout(LayoutKind.Explicit)]
    private struct Entry
    {
        [FieldOffset(0)] public object? Reference;
        [FieldOffset(8)] public long Number;
        [FieldOffset(16)] public object? Other;
    }

    private GcHeap* _heap;
    private byte* _region;
    private readonly List<ulong> _roots = new();
    // The account new test objects are charged to.
    private int _account;

    [SetUp]
    public void CreateHeap()
    {
        _heap = (GcHeap*)NativeMemory.AllocZeroed((nuint)sizeof(GcHeap));
        _heap->Initialize(Budget);
        _region = (byte*)NativeMemory.AlignedAlloc((nuint)RegionBytes, 4096);
        Assert.That(_heap->AddRegion(_region, RegionBytes), Is.True);
        _roots.Clear();
        _account = GcHeap.KernelAccount;
        _permanentStart = _permanentEnd = null;
    }

    [TearDown]
    public void FreeHeap()
    {
        NativeMemory.AlignedFree(_region);
        NativeMemory.Free(_heap);
    }

    [Test]
    public void CoreClrObjectsHaveTheLayoutTheCollectorReads()
    {
        // Real CoreCLR objects, on the pinned heap or pinned, so that their addresses hold still.
        int[] ints = GC.AllocateArray<int>(10, pinned: true);
        object[] refs = GC.AllocateArray<object>(3, pinned: true);
        string text = "hello";
        Assert.That(GcObjectLayout.ExactSize(AddressOf(ints)), Is.EqualTo(24 + 10 * 4));
        Assert.That(GcObjectLayout.ExactSize(AddressOf(refs)), Is.EqualTo(24 + 3 * 8));
        fixed (char* _ = text) Assert.That(GcObjectLayout.ExactSize(AddressOf(text)), Is.EqualTo(22 + 5 * 2));
        Assert.That(GcObjectLayout.ExactSize(NewPair()), Is.EqualTo(8 + 8 + 24));
        Assert.That(GcObjectLayout.ContainsPointers(MethodTable<Pair>()), Is.True);
        Assert.That(GcObjectLayout.ContainsPointers(MethodTable<object[]>()), Is.True);
        Assert.That(GcObjectLayout.ContainsPointers(MethodTable<Entry[]>()), Is.True);
        Assert.That(GcObjectLayout.ContainsPointers(MethodTable<int[]>()), Is.False);
        Assert.That(GcObjectLayout.ContainsPointers(MethodTable<string>()), Is.False);
        // Pair: one series of two references at offset 8; Entry[]: a repeating series.
        Assert.That(*(long*)(MethodTable<Pair>() - 8), Is.EqualTo(1));
        Assert.That(*(long*)(MethodTable<Pair>() - 16), Is.EqualTo(8));
        Assert.That(*(long*)(MethodTable<Entry[]>() - 8), Is.EqualTo(-2));
    }

    [Test]
    public void ObjectsAreChargedToTheirAccountAndCreditedWhenCollected()
    {
        int domain = _heap->OpenAccount(64 * 1024);
        Assert.That(domain, Is.Not.EqualTo(GcHeap.KernelAccount));
        byte* kernelObject = NewPair();
        _roots.Add((ulong)kernelObject);
        ulong kernelBytes = _heap->AccountBytes(GcHeap.KernelAccount);

        _account = domain;
        byte* kept = Chain(50);
        byte* garbage = Chain(50);
        byte* large = NewArray<long[]>(5000);
        _roots.Add((ulong)kept);
        const ulong pairCell = 40;
        Assert.That(_heap->AccountBytes(domain), Is.EqualTo(100 * pairCell + 2 * GcHeap.PageSize), "100 pairs in 40-byte cells and a two-page array");
        Assert.That(_heap->AccountBytes(GcHeap.KernelAccount), Is.EqualTo(kernelBytes), "nothing charged to the kernel");
        Assert.That(_heap->WouldExceedQuota(domain, 1000), Is.True, "68 KiB + 1000 > 64 KiB");
        Assert.That(_heap->WouldExceedQuota(GcHeap.KernelAccount, 1UL << 40), Is.False, "the kernel has no quota");

        Collect();
        Assert.That(ChainLength(kept), Is.EqualTo(50));
        Assert.That(_heap->FindObject((ulong)garbage) == null && _heap->FindObject((ulong)large) == null, Is.True);
        Assert.That(_heap->AccountBytes(domain), Is.EqualTo(50 * pairCell), "the dead chain and array were credited back");
        Assert.That(_heap->AccountBytes(GcHeap.KernelAccount), Is.EqualTo(kernelBytes));
        Assert.That(_heap->WouldExceedQuota(domain, 1000), Is.False);
        _heap->StopEnforcing(domain);
        Assert.That(_heap->WouldExceedQuota(domain, 1UL << 40), Is.False, "a failing account is charged but no longer held to its quota");
    }

    [Test]
    public void AClosedAccountIsReusedOnlyOnceItsLastObjectDied()
    {
        int first = _heap->OpenAccount(1 << 20);
        _account = first;
        byte* survivor = NewPair();
        _roots.Add((ulong)survivor);
        _heap->CloseAccount(first);

        int second = _heap->OpenAccount(1 << 20);
        Assert.That(second, Is.Not.EqualTo(first), "the first account still has a live object");
        Collect();
        Assert.That(_heap->AccountBytes(first), Is.EqualTo(40UL), "its survivor is still charged to it");

        _roots.Clear();
        Collect();
        Assert.That(_heap->AccountBytes(first), Is.EqualTo(0UL));
        _heap->CloseAccount(second);
        var reopened = new HashSet<int>();
        for (int i = 0; i < GcHeap.MaxAccounts - 1; i++) reopened.Add(_heap->OpenAccount(1));
        Assert.That(reopened, Does.Contain(first).And.Contain(second), "drained and empty accounts are free again");
        Assert.That(_heap->OpenAccount(1), Is.EqualTo(GcHeap.KernelAccount), "all taken: the kernel's account, no quota");
    }

    [Test]
    public void ReachableGraphSurvivesAndUnreachableIsFreedAndReused()
    {
        byte* kept = Chain(100);
        byte* garbage = Chain(100);
        _roots.Add((ulong)kept);
        ulong usedBefore = _heap->UsedBytes;
        Collect();
        Assert.That(ChainLength(kept), Is.EqualTo(100));
        Assert.That(_heap->FindObject((ulong)garbage) == null, Is.True, "the unreachable chain's head is freed");
        Assert.That(_heap->UsedBytes, Is.LessThan(usedBefore));
        Assert.That(_heap->Collections, Is.EqualTo(1UL));

        var reused = new HashSet<ulong>();
        for (int i = 0; i < 200; i++) reused.Add((ulong)NewPair());
        Assert.That(reused, Does.Contain((ulong)garbage), "freed cells are handed out again");
    }

    [Test]
    public void NewObjectsAreZeroedEvenInReusedCells()
    {
        for (int i = 0; i < 1000; i++)
        {
            byte* pair = NewPair();
            SetField(pair, 16, (ulong)i + 1);
            SetField(pair, 24, ulong.MaxValue);
        }
        Collect();
        for (int i = 0; i < 1000; i++)
        {
            byte* pair = NewPair();
            Assert.That(Field(pair, 8) | Field(pair, 16) | Field(pair, 24), Is.EqualTo(0UL));
        }
    }

    [Test]
    public void InteriorPointersKeepObjectsAlive()
    {
        byte* small = NewPair();
        byte* large = NewArray<long[]>(100_000);
        byte* dead = NewPair();
        _roots.Add((ulong)small + 20);
        _roots.Add((ulong)large + 500_000);
        _roots.Add((ulong)small - 8); // the header counts as part of the object
        Collect();
        Assert.That(_heap->FindObject((ulong)small) == small, Is.True);
        Assert.That(_heap->FindObject((ulong)large + 12345) == large, Is.True);
        Assert.That(_heap->FindObject((ulong)dead) == null, Is.True);
    }

    [Test]
    public void EveryAddressInsideAnObjectMapsToIt()
    {
        // Byte arrays of every size class and a few large ones, two of each, so neighbours are checked too.
        for (int length = 1; length < 40_000; length += length < 200 ? 7 : length / 5)
            for (int copy = 0; copy < 2; copy++)
            {
                byte* array = NewArray<byte[]>(length);
                ulong size = GcObjectLayout.AllocatedSize(array);
                for (ulong offset = 0; offset < size; offset += 4)
                    Assert.That(_heap->FindObject((ulong)array - 8 + offset) == array, Is.True, $"byte[{length}] at offset {offset}");
            }
    }

    [Test]
    public void ArraysOfReferencesAreTraced()
    {
        byte* array = NewArray<object[]>(50);
        for (int i = 0; i < 50; i++) SetField(array, 16 + i * 8, (ulong)NewPair());
        byte* element = (byte*)Field(array, 16 + 49 * 8);
        _roots.Add((ulong)array);
        Collect();
        Assert.That(_heap->FindObject((ulong)element) == element, Is.True);
        SetField(array, 16 + 49 * 8, 0);
        Collect();
        Assert.That(_heap->FindObject((ulong)element) == null, Is.True);
    }

    [Test]
    public void ArraysOfStructsWithReferencesAreTraced()
    {
        const int length = 40;
        byte* array = NewArray<Entry[]>(length);
        var references = new List<ulong>();
        var others = new List<ulong>();
        for (int i = 0; i < length; i++)
        {
            byte* entry = array + 16 + i * 24;
            references.Add((ulong)NewPair());
            others.Add((ulong)NewPair());
            *(ulong*)entry = references[i];
            *(ulong*)(entry + 8) = others[i]; // the Number field: not a reference
            *(ulong*)(entry + 16) = others[i];
        }
        byte* notReferenced = NewPair();
        *(ulong*)(array + 16 + 8) = (ulong)notReferenced;
        _roots.Add((ulong)array);
        Collect();
        Assert.That(references.Concat(others).All(o => _heap->FindObject(o) == (byte*)o), Is.True);
        Assert.That(_heap->FindObject((ulong)notReferenced) == null, Is.True, "a long field is not traced as a reference");
    }

    [Test]
    public void StrongHandlesAreRootsAndWeakHandlesAreCleared()
    {
        byte* pinned = NewArray<byte[]>(4096);
        byte* held = Chain(10);
        byte* weakTarget = NewPair();
        ulong* strong = _heap->AllocateHandle((ulong)pinned, GcHeap.HandleStrong);
        ulong* normal = _heap->AllocateHandle((ulong)held, GcHeap.HandleStrong);
        ulong* weak = _heap->AllocateHandle((ulong)weakTarget, GcHeap.HandleWeak);
        ulong* weakToHeld = _heap->AllocateHandle((ulong)held, GcHeap.HandleWeak);
        Collect();
        Assert.That(_heap->FindObject((ulong)pinned) == pinned, Is.True, "same address");
        Assert.That(ChainLength(held), Is.EqualTo(10));
        Assert.That(weak[0], Is.EqualTo(0UL), "the weak handle's dead target is cleared");
        Assert.That(weakToHeld[0], Is.EqualTo((ulong)held), "a weak handle to a live object keeps its target");
        _heap->FreeHandle(strong);
        _heap->FreeHandle(normal);
        Collect();
        Assert.That(_heap->FindObject((ulong)pinned) == null, Is.True, "freed handles are no longer roots");
    }

    [Test]
    public void CyclesAreFreed()
    {
        byte* a = NewPair();
        byte* b = NewPair();
        SetField(a, 8, (ulong)b);
        SetField(b, 8, (ulong)a);
        Collect();
        Assert.That(_heap->FindObject((ulong)a) == null && _heap->FindObject((ulong)b) == null, Is.True);
        Assert.That(_heap->UsedBytes, Is.EqualTo(0UL));
    }

    [Test]
    public void PermanentObjectsOutsideTheHeapAreRoots()
    {
        byte* arena = (byte*)NativeMemory.AllocZeroed(4096);
        try
        {
            byte* target = NewPair();
            // Two permanent objects end to end: an int[3] (no references) and a Pair pointing into the heap.
            byte* ints = arena + 8;
            *(nint*)ints = typeof(int[]).TypeHandle.Value;
            *(int*)(ints + 8) = 3;
            byte* pair = ints + 40;
            *(nint*)pair = typeof(Pair).TypeHandle.Value;
            *(ulong*)(pair + 8) = (ulong)target;
            _permanentStart = arena;
            _permanentEnd = pair + 32;
            Collect();
            Assert.That(_heap->FindObject((ulong)target) == target, Is.True);
        }
        finally
        {
            NativeMemory.Free(arena);
        }
    }

    [Test]
    public void WideGraphsSurviveAMarkStackOverflow()
    {
        const int width = 20_000;
        byte* array = NewArray<object[]>(width);
        for (int i = 0; i < width; i++) SetField(array, 16 + i * 8, (ulong)Chain(2));
        _roots.Add((ulong)array);
        Collect();
        for (int i = 0; i < width; i++) Assert.That(ChainLength((byte*)Field(array, 16 + i * 8)), Is.EqualTo(2));
    }

    [Test]
    public void ExhaustedHeapRecoversAfterCollection()
    {
        int allocated = 0;
        while (NewPairOrNull() != null) allocated++;
        Assert.That(allocated, Is.GreaterThan(100_000));
        Assert.That(_heap->FreePages, Is.EqualTo(0UL));
        Collect();
        Assert.That(_heap->UsedBytes, Is.EqualTo(0UL));
        Assert.That(NewPairOrNull() != null, Is.True);
        Assert.That(NewArray<long[]>(200_000) != null, Is.True, "emptied pages went back to the pool for large objects");
    }

    [Test]
    public void HeapStaysBoundedUnderChurn()
    {
        // A ring of live objects is replaced one slot at a time while garbage of every size is made.
        const int live = 200;
        byte* ring = NewArray<object[]>(live);
        _roots.Add((ulong)ring);
        ulong maxUsed = 0;
        var random = new Random(7);
        for (int i = 0; i < 400_000; i++)
        {
            if (_heap->CollectionDue) Collect();
            int size = random.Next(10) == 0 ? random.Next(1, 40_000) : random.Next(1, 64);
            byte* obj = NewArray<byte[]>(size);
            if (obj == null) obj = CollectAndRetry(size);
            if (i % 5 == 0) SetField(ring, 16 + i / 5 % live * 8, (ulong)obj);
            maxUsed = Math.Max(maxUsed, _heap->UsedBytes);
        }
        Assert.That(_heap->Collections, Is.GreaterThan(10UL));
        Assert.That(maxUsed, Is.LessThan(RegionBytes * 3 / 4), "live set plus one budget");
        Collect();
        for (int i = 0; i < live; i++) Assert.That(_heap->FindObject(Field(ring, 16 + i * 8)) != null, Is.True);
    }

    [Test]
    public void BudgetScalesWithTheLiveHeap()
    {
        byte* array = NewArray<object[]>(30_000);
        for (int i = 0; i < 30_000; i++) SetField(array, 16 + i * 8, (ulong)NewPair());
        _roots.Add((ulong)array);
        Collect();
        Assert.That(_heap->Budget, Is.EqualTo(_heap->UsedBytes));
        Assert.That(_heap->Budget, Is.GreaterThan(Budget));
        _roots.Clear();
        Collect();
        Assert.That(_heap->Budget, Is.EqualTo(Budget));
    }

    private byte* CollectAndRetry(int size)
    {
        Collect();
        byte* obj = NewArray<byte[]>(size);
        Assert.That(obj != null, Is.True, "out of memory with a bounded live set");
        return obj;
    }

    // --- roots and collection ---

    private byte* _permanentStart;
    private byte* _permanentEnd;

    private void Collect()
    {
        ulong[] roots = _roots.ToArray();
        fixed (ulong* values = roots)
        {
            var context = new RootContext { Values = values, Count = roots.Length, PermanentStart = _permanentStart, PermanentEnd = _permanentEnd };
            _heap->Collect(&MarkRoots, &context);
        }
    }

    private struct RootContext
    {
        public ulong* Values;
        public int Count;
        public byte* PermanentStart;
        public byte* PermanentEnd;
    }

    private static void MarkRoots(GcHeap* heap, void* context)
    {
        var roots = (RootContext*)context;
        // Roots as a stack would hold them: scanned conservatively.
        heap->MarkRange((byte*)roots->Values, (byte*)(roots->Values + roots->Count));
        if (roots->PermanentStart != null) heap->MarkFromPermanentObjects(roots->PermanentStart, roots->PermanentEnd);
    }

    // --- objects ---

    private static byte* MethodTable<T>() => (byte*)typeof(T).TypeHandle.Value;

    // Only for objects that cannot move while the address is used.
    private static byte* AddressOf(object obj) => (byte*)Unsafe.As<object, nint>(ref obj);

    private byte* NewPair()
    {
        byte* pair = NewPairOrNull();
        Assert.That(pair != null, Is.True, "heap full");
        return pair;
    }

    private byte* NewPairOrNull()
    {
        byte* methodTable = MethodTable<Pair>();
        byte* cell = _heap->Allocate(*(uint*)(methodTable + 4), _account);
        if (cell == null) return null;
        *(byte**)(cell + 8) = methodTable;
        return cell + 8;
    }

    private byte* NewArray<T>(int length)
    {
        byte* methodTable = MethodTable<T>();
        ulong size = *(uint*)(methodTable + 4) + (ulong)length * (*(uint*)methodTable & 0xFFFF);
        byte* cell = _heap->Allocate(size, _account);
        if (cell == null) return null;
        *(byte**)(cell + 8) = methodTable;
        *(int*)(cell + 16) = length;
        return cell + 8;
    }

    // A linked list of Pairs through their first field; returns its head.
    private byte* Chain(int length)
    {
        byte* head = null;
        for (int i = 0; i < length; i++)
        {
            byte* node = NewPair();
            SetField(node, 8, (ulong)head);
            SetField(node, 24, (ulong)i);
            head = node;
        }
        return head;
    }

    private int ChainLength(byte* head)
    {
        int length = 0;
        for (byte* node = head; node != null; node = (byte*)Field(node, 8))
        {
            Assert.That(_heap->FindObject((ulong)node) == node, Is.True, "a chain node was freed");
            length++;
        }
        return length;
    }

    private static ulong Field(byte* obj, int offset) => *(ulong*)(obj + offset);

    private static void SetField(byte* obj, int offset, ulong value) => *(ulong*)(obj + offset) = value;
}
