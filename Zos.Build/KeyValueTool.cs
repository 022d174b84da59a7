using Zos.Kernel.KeyValue;

namespace Zos.Build;

// `zos kv format|dump|check|compact|repair <disk.img>`: the key-value store in
// a raw disk image, through the very code Zos runs (Zos.Kernel/KeyValue) over
// ImageFileStorage. dump and check open the image read-only and never write
// it; compact and repair do what `kv compact` and `kv repair` do in Zos.
// Exit codes: 0 done (check: sound), 1 the store's error (check: damage),
// 2 a usage error.
public static class KeyValueTool
{
    public const string Usage = "zos kv format <disk.img> [size-MiB] | dump <disk.img> | check <disk.img> | compact <disk.img> | repair <disk.img>";

    private static readonly string[] OnAnImage = ["dump", "check", "compact", "repair"];

    public static int Run(string[] arguments, TextWriter output, TextWriter errors)
    {
        string operation = arguments.Length > 0 ? arguments[0] : "";
        bool formats = operation == "format" && arguments.Length is 2 or 3;
        if (!formats && (arguments.Length != 2 || !OnAnImage.Contains(operation)))
        {
            errors.WriteLine($"zos: usage: {Usage}");
            return 2;
        }
        string path = arguments[1];
        if (formats)
        {
            long megabytes = 0;
            if (arguments.Length == 3 && (!long.TryParse(arguments[2], out megabytes) || megabytes <= 0))
            {
                errors.WriteLine($"zos: error: '{arguments[2]}' is not a size in MiB");
                return 2;
            }
            return Fail(Format(path, megabytes, output), errors);
        }
        bool writes = operation is "compact" or "repair";
        using ImageFileStorage? image = ImageFileStorage.Open(path, writable: writes, out string? error);
        if (image is null) return Fail(error, errors);
        return Fail(operation switch
        {
            "dump" => Dump(image, output),
            "check" => Check(image, output),
            "compact" => Compact(image, output),
            _ => Repair(image, output),
        }, errors);
    }

    // Makes an empty store on the whole image (created, or grown, to megabytes when given).
    private static string? Format(string path, long megabytes, TextWriter output)
    {
        if (megabytes > 0)
        {
            using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write);
            if (file.Length < megabytes << 20) file.SetLength(megabytes << 20);
        }
        using ImageFileStorage? image = ImageFileStorage.Open(path, writable: true, out string? error);
        if (image is null) return error;
        ulong existing = Superblock.ReadNewest(image, out _, out _)?.StoreId ?? 0;
        ulong id;
        do id = (ulong)Random.Shared.NextInt64(1, long.MaxValue); while (id == existing);
        KeyValueStore? store = KeyValueStore.Format(image, id, out error);
        if (store is null) return error;
        error = store.Close();
        if (error is null) output.WriteLine($"formatted: {image.Name} store={store.StoreId:X16} sectors={image.SectorCount} log_sectors={store.LogSectors}");
        return error;
    }

    // The store's description, then every key and its value in key order, then the commit log's state.
    private static string? Dump(ImageFileStorage image, TextWriter output)
    {
        KeyValueStore? store = KeyValueStore.Open(image, readOnly: true, out string? error);
        if (store is null) return error;
        output.WriteLine($"store: {store.StoreId:X16}");
        output.WriteLine($"device: {image.Name} sectors={image.SectorCount} sector_size={image.SectorSize}");
        output.WriteLine($"frames: {store.FramesReplayed}");
        output.WriteLine($"records: {store.RecordsReplayed}");
        output.WriteLine($"replay_stop: {store.ReplayStop}");
        output.WriteLine($"log_sectors: {store.LogSectorsUsed}/{store.LogSectors}");
        byte[][] keys = store.List([]);
        output.WriteLine($"keys: {keys.Length}");
        string? firstDamage = null;
        foreach (byte[] key in keys)
        {
            string? damage = store.GetFromDevice(key, out byte[]? value);
            if (damage is null) output.WriteLine($"{ByteKeys.Describe(key, key.Length)} = {ByteKeys.Describe(value, value!.Length)}");
            else output.WriteLine($"{ByteKeys.Describe(key, key.Length)}: error: {firstDamage ??= damage}");
        }
        CommitLog? log = CommitLog.OpenStandard(store, out string? logError);
        output.WriteLine(log is null ? $"commit_log: broken: {logError}" : $"commit_log: {log.Count} records");
        return firstDamage;
    }

    private static string? Check(ImageFileStorage image, TextWriter output)
    {
        StoreCheck check = StoreCheck.Run(image);
        if (check.Store is not null) output.WriteLine($"check: {image.Name} {check.Summary()}");
        if (check.Error is null) output.WriteLine("check: ok");
        return check.Error;
    }

    // Every frame cleaned (KeyValueStore.Compact), then the store closed.
    private static string? Compact(ImageFileStorage image, TextWriter output)
    {
        KeyValueStore? store = KeyValueStore.Open(image, readOnly: false, out string? error);
        if (store is null) return error;
        ulong before = store.LogSectorsUsed;
        error = store.Compact() ?? store.Close();
        if (error is null)
            output.WriteLine($"compacted: {image.Name} log_sectors={before}->{store.LogSectorsUsed} frames_cleaned={store.FramesCleaned} records_copied={store.RecordsCopied}");
        return error;
    }

    // A damaged store made whole at the state before the damage (KeyValueStore.Repair), then closed.
    private static string? Repair(ImageFileStorage image, TextWriter output)
    {
        KeyValueStore? store = KeyValueStore.Repair(image, out string? report, out string? error);
        if (store is null) return error;
        error = store.Close();
        if (error is null) output.WriteLine($"repaired: {image.Name} {report ?? "nothing was damaged"} keys={store.KeyCount}");
        return error;
    }

    private static int Fail(string? error, TextWriter errors)
    {
        if (error is null) return 0;
        errors.WriteLine($"zos: error: {error}");
        return 1;
    }
}
