using Microsoft.Data.Sqlite;

namespace Zos.Tests.Benchmarks.KvHost;

// SQLite in WAL mode with synchronous=FULL (the WAL is synced at every
// commit), one table keyed by the key (WITHOUT ROWID: one b-tree), each Put its
// own transaction (autocommit). SQLite has one writer at a time and no group
// commit; concurrent writers queue on a lock here rather than in SQLite's busy
// handler, which sleeps between retries and would only slow them further.
public sealed class SqliteEngine : IKvEngine
{
    private readonly object _lock = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _put;
    private readonly SqliteCommand _get;
    private readonly SqliteCommand _countRange;

    public SqliteEngine(string directory)
    {
        string path = Path.Combine(directory, "sqlite.db");
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL");
        Execute("PRAGMA synchronous=FULL");
        Execute("CREATE TABLE kv (k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID");
        _put = Prepare("INSERT OR REPLACE INTO kv (k, v) VALUES ($k, $v)", "$k", "$v");
        _get = Prepare("SELECT v FROM kv WHERE k = $k", "$k");
        _countRange = Prepare("SELECT k FROM kv WHERE k >= $from AND k < $to ORDER BY k", "$from", "$to");
    }

    public string Name => "SQLite";

    public void Put(byte[] key, byte[] value)
    {
        lock (_lock)
        {
            _put.Parameters[0].Value = key;
            _put.Parameters[1].Value = value;
            _put.ExecuteNonQuery();
        }
    }

    public void PutMany(IReadOnlyList<(byte[] Key, byte[] Value)> pairs)
    {
        lock (_lock)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            _put.Transaction = transaction;
            foreach (var (key, value) in pairs)
            {
                _put.Parameters[0].Value = key;
                _put.Parameters[1].Value = value;
                _put.ExecuteNonQuery();
            }
            transaction.Commit();
            _put.Transaction = null;
        }
    }

    public byte[]? Get(byte[] key)
    {
        lock (_lock)
        {
            _get.Parameters[0].Value = key;
            return (byte[]?)_get.ExecuteScalar();
        }
    }

    public int CountKeysWithPrefix(byte[] prefix)
    {
        lock (_lock)
        {
            _countRange.Parameters[0].Value = prefix;
            _countRange.Parameters[1].Value = PrefixEnd(prefix);
            int count = 0;
            using SqliteDataReader reader = _countRange.ExecuteReader();
            while (reader.Read()) count++;
            return count;
        }
    }

    // VACUUM rebuilds the file without free pages; the checkpoint then moves
    // it out of the WAL and truncates the WAL to nothing.
    public string? Compact()
    {
        lock (_lock)
        {
            Execute("VACUUM");
            Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        return "VACUUM, wal_checkpoint(TRUNCATE)";
    }

    public void Dispose()
    {
        _put.Dispose();
        _get.Dispose();
        _countRange.Dispose();
        _connection.Dispose();
    }

    // The least key above every key with that prefix (the prefixes here never end in 0xFF).
    private static byte[] PrefixEnd(byte[] prefix)
    {
        byte[] end = (byte[])prefix.Clone();
        end[^1]++;
        return end;
    }

    private void Execute(string sql)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (string name in parameters) command.Parameters.Add(name, SqliteType.Blob);
        command.Prepare();
        return command;
    }
}
