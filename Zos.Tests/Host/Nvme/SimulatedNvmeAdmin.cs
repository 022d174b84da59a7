using System.Text;

namespace Zos.Tests.Host.Nvme;

// The simulated controller's admin command set (NVMe 1.4, 5; opcodes in
// figure 139): Create I/O Submission Queue 01h, Create I/O Completion Queue
// 05h, Identify 06h (CNS 00h namespace, 01h controller, 02h active namespace
// list), Abort 08h, Set Features 09h (number of queues, 07h). Anything else is
// an invalid opcode. Status values are the 15-bit status field: SC 7:0, SCT 10:8, DNR 14.
public sealed class SimulatedNvmeAdmin(SimulatedNvmeController controller)
{
    // Set Features (number of queues) answered since the last reset: queues may be created up to it.
    private int _grantedSubmission, _grantedCompletion;

    public int AbortsReceived { get; private set; }

    public void ForgetQueueCount() => _grantedSubmission = _grantedCompletion = 0;

    public (uint Result, ushort Status) Execute(in SimulatedNvmeCommand command) => command.Opcode switch
    {
        0x01 => CreateSubmissionQueue(command),
        0x05 => CreateCompletionQueue(command),
        0x06 => Identify(command),
        0x08 => Abort(command),
        0x09 => SetFeatures(command),
        _ => (0, 0x4001),   // invalid command opcode, DNR
    };

    // 5.15: CNS in CDW10 7:0; the 4 KiB of data at PRP1/PRP2.
    private (uint, ushort) Identify(in SimulatedNvmeCommand command)
    {
        byte[]? data = (command.Dword10 & 0xFF) switch
        {
            0x00 => controller.Namespaces.TryGetValue(command.NamespaceId, out SimulatedNvmeNamespace? space) ? space.IdentifyData() : null,
            0x01 => ControllerData(),
            0x02 => ActiveNamespaceList(command.NamespaceId),
            _ => null,
        };
        if (data is null) return (0, (command.Dword10 & 0xFF) == 0x00 ? (ushort)0x400B : (ushort)0x4002);   // invalid namespace / invalid field, DNR
        List<(ulong Address, int Bytes)>? pieces = controller.WalkPrps(command, 4096);
        if (pieces is null) return (0, 0x4013);   // PRP offset invalid
        int at = 0;
        foreach ((ulong address, int length) in pieces)
        {
            if (!controller.Bus.TryWrite(address, data.AsSpan(at, length))) return (0, 0x0004);   // data transfer error
            at += length;
        }
        return (0, 0);
    }

    // Figure 247: VID 1:0, SN 23:4, MN 63:24, FR 71:64, MDTS 77, VER 83:80, ACL 258, SQES 512, CQES 513, NN 519:516, ONCS 521:520, VWC 525.
    private byte[] ControllerData()
    {
        var data = new byte[4096];
        BitConverter.GetBytes((ushort)0x1B36).CopyTo(data, 0);
        Ascii(controller.Serial, 20).CopyTo(data, 4);
        Ascii(controller.Model, 40).CopyTo(data, 24);
        Ascii(controller.Firmware, 8).CopyTo(data, 64);
        data[77] = controller.Mdts;
        BitConverter.GetBytes(controller.Version).CopyTo(data, 80);
        data[258] = 3;
        data[512] = controller.SubmissionEntrySizes;
        data[513] = controller.CompletionEntrySizes;
        BitConverter.GetBytes(controller.NamespaceCount).CopyTo(data, 516);
        BitConverter.GetBytes(controller.OptionalCommands).CopyTo(data, 520);
        data[525] = (byte)(controller.VolatileWriteCache ? 1 : 0);
        return data;
    }

    // 5.15.2.2: up to 1024 active namespace ids above NSID, ascending, zero-filled after.
    private byte[] ActiveNamespaceList(uint above)
    {
        var data = new byte[4096];
        int at = 0;
        foreach (uint id in controller.Namespaces.Keys.Where(id => id > above).Take(1024))
        {
            BitConverter.GetBytes(id).CopyTo(data, at);
            at += 4;
        }
        return data;
    }

    // 5.21.1.7: NSQR 15:0, NCQR 31:16 (0-based); the result is what was allocated, the same way.
    private (uint, ushort) SetFeatures(in SimulatedNvmeCommand command)
    {
        if ((command.Dword10 & 0xFF) != 0x07) return (0, 0x4002);
        if (controller.SubmissionQueues.Count > 1) return (0, 0x400C);   // command sequence error: queues exist already
        int submission = Math.Min((int)(command.Dword11 & 0xFFFF) + 1, controller.MaxIoSubmissionQueues);
        int completion = Math.Min((int)(command.Dword11 >> 16) + 1, controller.MaxIoCompletionQueues);
        (_grantedSubmission, _grantedCompletion) = (submission, completion);
        return ((uint)(submission - 1) | (uint)(completion - 1) << 16, 0);
    }

    // 5.3: QID 15:0 and QSIZE 31:16 (0-based) in CDW10; PC 0, IEN 1, IV 31:16 in CDW11; the ring at PRP1.
    private (uint, ushort) CreateCompletionQueue(in SimulatedNvmeCommand command)
    {
        int id = (int)(command.Dword10 & 0xFFFF), entries = (int)(command.Dword10 >> 16) + 1, vector = (int)(command.Dword11 >> 16);
        ushort? problem = QueueProblem(id, entries, command.Prp1, controller.CompletionQueues, _grantedCompletion);
        if (problem is not null) return (0, problem.Value);
        if (vector >= SimulatedNvmeController.Vectors) return (0, 0x4108);   // invalid interrupt vector, DNR
        if ((command.Dword11 & 0x1) == 0) return (0, 0x4002);            // QEMU takes physically contiguous queues only
        controller.CompletionQueues[id] = new SimulatedNvmeQueue(id, command.Prp1, entries) { InterruptsEnabled = (command.Dword11 & 0x2) != 0, Vector = vector };
        return (0, 0);
    }

    // 5.4: QID and QSIZE as above; PC 0, CQID 31:16 in CDW11.
    private (uint, ushort) CreateSubmissionQueue(in SimulatedNvmeCommand command)
    {
        int id = (int)(command.Dword10 & 0xFFFF), entries = (int)(command.Dword10 >> 16) + 1, completionQueue = (int)(command.Dword11 >> 16);
        ushort? problem = QueueProblem(id, entries, command.Prp1, controller.SubmissionQueues, _grantedSubmission);
        if (problem is not null) return (0, problem.Value);
        if (completionQueue == 0 || !controller.CompletionQueues.ContainsKey(completionQueue)) return (0, 0x4100);   // completion queue invalid, DNR
        if ((command.Dword11 & 0x1) == 0) return (0, 0x4002);
        controller.SubmissionQueues[id] = new SimulatedNvmeQueue(id, command.Prp1, entries) { CompletionQueueId = completionQueue };
        return (0, 0);
    }

    private ushort? QueueProblem(int id, int entries, ulong ring, Dictionary<int, SimulatedNvmeQueue> existing, int granted)
    {
        if (id == 0 || id > granted || existing.ContainsKey(id)) return 0x4101;   // invalid queue identifier, DNR
        if (entries < 2 || entries > (int)(controller.Cap & 0xFFFF) + 1) return 0x4102;   // invalid queue size, DNR
        if (ring % 4096 != 0) return 0x4013;
        return null;
    }

    // 5.1: SQID 15:0, CID 31:16 in CDW10; result bit 0 is 0 when the command was aborted.
    private (uint, ushort) Abort(in SimulatedNvmeCommand command)
    {
        AbortsReceived++;
        if (controller.AbortStatus is ushort status) return (0, status);
        int queue = (int)(command.Dword10 & 0xFFFF);
        ushort commandId = (ushort)(command.Dword10 >> 16);
        int held = controller.Held.FindIndex(h => h.QueueId == queue && h.CommandId == commandId);
        if (held < 0 || !controller.AbortsHeldCommands) return (1, 0);
        if (controller.AbortAnswersBeforeTheCommandEnds) return (0, 0);
        SimulatedNvmeCommand target = controller.Held[held];
        controller.Held.RemoveAt(held);
        controller.Complete(target, (0, 0x0007));   // command abort requested
        return (0, 0);
    }

    private static byte[] Ascii(string text, int bytes) => Encoding.ASCII.GetBytes(text.PadRight(bytes));
}
