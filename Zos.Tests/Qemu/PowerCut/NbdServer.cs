using System.Buffers.Binary;
using System.Net.Sockets;

namespace Zos.Tests.Qemu.PowerCut;

// A minimal NBD server (the NBD protocol's fixed newstyle handshake,
// NBD_OPT_GO or NBD_OPT_EXPORT_NAME, simple replies) on a Unix socket,
// serving one VolatileWriteCache to one client, QEMU's `nbd:unix:` drive.
// It offers read, write and flush only (no FUA, trim or zeroes, no
// structured replies), and answers requests one at a time, in order.
// Armed with a request count, it cuts the power when that request arrives
// (or, if asked, the first flush from there on, when writes wait for it):
// it answers nothing more and keeps, as the medium, what the cache's Cut
// leaves (Surviving).
public sealed class NbdServer : IDisposable
{
    private const ulong NbdMagic = 0x4E42444D41474943;      // "NBDMAGIC"
    private const ulong OptionMagic = 0x49484156454F5054;   // "IHAVEOPT"
    private const ulong OptionReplyMagic = 0x0003E889045565A9;
    private const uint RequestMagic = 0x25609513;
    private const uint SimpleReplyMagic = 0x67446698;
    private const ushort FixedNewstyle = 1, NoZeroes = 2;
    private const uint OptExportName = 1, OptAbort = 2, OptInfo = 6, OptGo = 7;
    private const uint RepAck = 1, RepInfo = 3, RepErrUnsupported = 0x80000001;
    private const ushort InfoExport = 0;
    private const ushort HasFlags = 1, SendFlush = 4;
    private const ushort CmdRead = 0, CmdWrite = 1, CmdDisconnect = 2, CmdFlush = 3;
    private const uint ErrInvalid = 22;

    private readonly Socket _listener;
    private readonly Random _random;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _cut = new();
    private long _cutAtRequest = long.MaxValue;
    private volatile bool _cutAtFlush;
    private long _requests;

    public NbdServer(string socketPath, VolatileWriteCache cache, Random random)
    {
        SocketPath = socketPath;
        Cache = cache;
        _random = random;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(1);
        _thread = new Thread(Serve) { IsBackground = true, Name = "nbd " + Path.GetFileName(socketPath) };
        _thread.Start();
    }

    public string SocketPath { get; }
    public VolatileWriteCache Cache { get; }
    // The medium after the cut, and what the cut did; null until then.
    public byte[]? Surviving { get; private set; }
    public string? CutReport { get; private set; }
    // Why serving stopped other than by a cut or a disconnect, if it did.
    public string? Failure { get; private set; }

    // QEMU's -drive for it: writeback, so the guest's flushes reach the server.
    public string Drive(string id) => $"file=nbd:unix:{SocketPath},if=none,id={id},format=raw,cache=writeback";

    // The power goes when the client's requestsFromNow-th request from now (1 = the next) arrives,
    // or with atFlush the first flush request from that one on.
    public void ArmCut(long requestsFromNow, bool atFlush)
    {
        _cutAtFlush = atFlush;
        Interlocked.Exchange(ref _cutAtRequest, Interlocked.Read(ref _requests) + requestsFromNow);
    }

    public bool WaitForCut(TimeSpan timeout) => _cut.Wait(timeout);

    public void Dispose()
    {
        _listener.Dispose();
        _thread.Join(TimeSpan.FromSeconds(10));
        File.Delete(SocketPath);
    }

    private void Serve()
    {
        try
        {
            using Socket client = _listener.Accept();
            using var stream = new NetworkStream(client);
            if (Handshake(stream)) Transmit(stream);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or EndOfStreamException)
        {
            // The client went away (QEMU killed) or the server was disposed.
        }
        catch (Exception e)
        {
            Failure = e.ToString();
        }
    }

    // Fixed newstyle: the client's options until NBD_OPT_GO or NBD_OPT_EXPORT_NAME picks the (only) export.
    private bool Handshake(Stream stream)
    {
        var hello = new byte[18];
        BinaryPrimitives.WriteUInt64BigEndian(hello, NbdMagic);
        BinaryPrimitives.WriteUInt64BigEndian(hello.AsSpan(8), OptionMagic);
        BinaryPrimitives.WriteUInt16BigEndian(hello.AsSpan(16), FixedNewstyle | NoZeroes);
        stream.Write(hello);
        uint clientFlags = ReadUInt32(stream);
        while (true)
        {
            if (ReadUInt64(stream) != OptionMagic) throw new InvalidDataException("an option without IHAVEOPT");
            uint option = ReadUInt32(stream);
            var data = new byte[ReadUInt32(stream)];
            stream.ReadExactly(data);
            switch (option)
            {
                case OptExportName:
                    var export = new byte[10 + ((clientFlags & NoZeroes) != 0 ? 0 : 124)];
                    BinaryPrimitives.WriteUInt64BigEndian(export, (ulong)Cache.Size);
                    BinaryPrimitives.WriteUInt16BigEndian(export.AsSpan(8), HasFlags | SendFlush);
                    stream.Write(export);
                    return true;
                case OptGo:
                case OptInfo:
                    var info = new byte[12];
                    BinaryPrimitives.WriteUInt16BigEndian(info, InfoExport);
                    BinaryPrimitives.WriteUInt64BigEndian(info.AsSpan(2), (ulong)Cache.Size);
                    BinaryPrimitives.WriteUInt16BigEndian(info.AsSpan(10), HasFlags | SendFlush);
                    OptionReply(stream, option, RepInfo, info);
                    OptionReply(stream, option, RepAck, []);
                    if (option == OptGo) return true;
                    break;
                case OptAbort:
                    OptionReply(stream, option, RepAck, []);
                    return false;
                default:
                    // Structured replies, meta contexts, TLS, listing: not offered.
                    OptionReply(stream, option, RepErrUnsupported, []);
                    break;
            }
        }
    }

    private static void OptionReply(Stream stream, uint option, uint type, byte[] data)
    {
        Span<byte> header = stackalloc byte[20];
        BinaryPrimitives.WriteUInt64BigEndian(header, OptionReplyMagic);
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], option);
        BinaryPrimitives.WriteUInt32BigEndian(header[12..], type);
        BinaryPrimitives.WriteUInt32BigEndian(header[16..], (uint)data.Length);
        stream.Write(header);
        stream.Write(data);
    }

    private void Transmit(Stream stream)
    {
        var header = new byte[28];
        while (true)
        {
            stream.ReadExactly(header);
            if (BinaryPrimitives.ReadUInt32BigEndian(header) != RequestMagic) throw new InvalidDataException("a request without its magic");
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(6));
            ulong handle = BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8));
            long offset = (long)BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(16));
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(24));
            byte[] data = type == CmdWrite ? new byte[length] : [];
            stream.ReadExactly(data);
            if (Interlocked.Increment(ref _requests) >= Interlocked.Read(ref _cutAtRequest) && (!_cutAtFlush || type == CmdFlush))
            {
                (Surviving, CutReport) = Cache.Cut(_random);
                _cut.Set();
                // The power is off: nothing more is answered. Hold the connection until QEMU is killed.
                while (stream.Read(header) > 0) { }
                return;
            }
            bool inRange = offset >= 0 && length >= 0 && offset + length <= Cache.Size;
            switch (type)
            {
                case CmdRead when inRange:
                    var read = new byte[length];
                    Cache.Read(offset, read);
                    Reply(stream, handle, 0, read);
                    break;
                case CmdWrite when inRange:
                    Cache.Write(offset, data);
                    Reply(stream, handle, 0, []);
                    break;
                case CmdFlush:
                    Cache.Flush();
                    Reply(stream, handle, 0, []);
                    break;
                case CmdDisconnect:
                    return;
                default:
                    Reply(stream, handle, ErrInvalid, []);
                    break;
            }
        }
    }

    // A simple reply: its header, then a read's data.
    private static void Reply(Stream stream, ulong handle, uint error, byte[] data)
    {
        Span<byte> header = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(header, SimpleReplyMagic);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], error);
        BinaryPrimitives.WriteUInt64BigEndian(header[8..], handle);
        stream.Write(header);
        stream.Write(data);
    }

    private static uint ReadUInt32(Stream stream)
    {
        Span<byte> bytes = stackalloc byte[4];
        stream.ReadExactly(bytes);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    private static ulong ReadUInt64(Stream stream)
    {
        Span<byte> bytes = stackalloc byte[8];
        stream.ReadExactly(bytes);
        return BinaryPrimitives.ReadUInt64BigEndian(bytes);
    }
}
