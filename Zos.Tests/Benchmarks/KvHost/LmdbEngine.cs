using LightningDB;

namespace Zos.Tests.Benchmarks.KvHost;

// LMDB with its default durability: every commit syncs the data file (no
// NoSync, NoMetaSync or MapAsync). Write transactions are serialised by LMDB's
// own writer lock; it has no group commit. Reads reuse one read-only
// transaction (Reset/Renew), LMDB's cheapest way to make independent reads.
public sealed class LmdbEngine : IKvEngine
{
    private const long MapBytes = 4L << 30;

    private readonly string _directory;
    private LightningEnvironment _environment = null!;
    private LightningDatabase _database = null!;
    private LightningTransaction _reader = null!;

    public LmdbEngine(string directory)
    {
        LmdbNativeLibrary.Install();
        _directory = Path.Combine(directory, "lmdb");
        Directory.CreateDirectory(_directory);
        OpenEnvironment();
    }

    public string Name => "LMDB";

    public void Put(byte[] key, byte[] value)
    {
        using LightningTransaction transaction = _environment.BeginTransaction();
        transaction.Put(_database, key, value).ThrowOnError();
        transaction.Commit().ThrowOnError();
    }

    public void PutMany(IReadOnlyList<(byte[] Key, byte[] Value)> pairs)
    {
        using LightningTransaction transaction = _environment.BeginTransaction();
        foreach (var (key, value) in pairs) transaction.Put(_database, key, value).ThrowOnError();
        transaction.Commit().ThrowOnError();
    }

    public byte[]? Get(byte[] key)
    {
        _reader.Renew().ThrowOnError();
        try
        {
            return _reader.TryGet(_database, key, out byte[]? value) ? value : null;
        }
        finally
        {
            _reader.Reset();
        }
    }

    public int CountKeysWithPrefix(byte[] prefix)
    {
        using LightningTransaction transaction = _environment.BeginTransaction(TransactionBeginFlags.ReadOnly);
        using LightningCursor cursor = transaction.CreateCursor(_database);
        int count = 0;
        if (cursor.SetRange(prefix) != MDBResultCode.Success) return 0;
        for (var (result, key, _) = cursor.GetCurrent(); result == MDBResultCode.Success && key.AsSpan().StartsWith(prefix); (result, key, _) = cursor.Next())
            count++;
        return count;
    }

    // LMDB reuses freed pages but never shrinks its file; its only compaction
    // is a compacting copy (mdb_env_copy2 with MDB_CP_COMPACT), which here
    // replaces the data file.
    public string? Compact()
    {
        string copy = Path.Combine(_directory, "compact");
        Directory.CreateDirectory(copy);
        _environment.CopyTo(copy, compact: true).ThrowOnError();
        CloseEnvironment();
        File.Move(Path.Combine(copy, "data.mdb"), Path.Combine(_directory, "data.mdb"), overwrite: true);
        Directory.Delete(copy, recursive: true);
        OpenEnvironment();
        return "copy with MDB_CP_COMPACT, swapped in";
    }

    public void Dispose() => CloseEnvironment();

    private void OpenEnvironment()
    {
        _environment = new LightningEnvironment(_directory, new EnvironmentConfiguration { MapSize = MapBytes, MaxReaders = 64 });
        try
        {
            _environment.Open();
        }
        catch
        {
            // An environment left to its finalizer ends the process (LightningDB throws there).
            _environment.Dispose();
            throw;
        }
        using (LightningTransaction transaction = _environment.BeginTransaction())
        {
            _database = transaction.OpenDatabase(configuration: new DatabaseConfiguration { Flags = DatabaseOpenFlags.Create }, closeOnDispose: false);
            transaction.Commit().ThrowOnError();
        }
        _reader = _environment.BeginTransaction(TransactionBeginFlags.ReadOnly);
        _reader.Reset();
    }

    private void CloseEnvironment()
    {
        _reader.Dispose();
        _database.Dispose();
        _environment.Dispose();
    }
}
