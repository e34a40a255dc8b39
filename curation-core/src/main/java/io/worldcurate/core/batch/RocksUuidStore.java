package io.worldcurate.core.batch;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.stream.Stream;

/** A set of uuids in a scratch RocksDB in {@code dir}, deleted on close: {@link UuidSet} once it outgrows memory. */
final class RocksUuidStore implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private static final byte[] EMPTY = new byte[0];

    private final Path dir;
    private final Options options;
    private final WriteOptions writeOptions;
    private final RocksDB db;

    RocksUuidStore(Path dir) {
        this.dir = dir;
        BlockBasedTableConfig table = new BlockBasedTableConfig().setFilterPolicy(new BloomFilter(10));
        this.options = new Options().setCreateIfMissing(true).setTableFormatConfig(table)
                .setWriteBufferSize(32L << 20);
        this.writeOptions = new WriteOptions().setDisableWAL(true);
        try {
            Files.createDirectories(dir);
            this.db = RocksDB.open(options, dir.toString());
        } catch (RocksDBException | IOException e) {
            throw new IllegalStateException("cannot open the scratch uuid store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Adds the uuid; true when it was not there before. */
    boolean add(String uuid) {
        byte[] key = uuid.getBytes(StandardCharsets.UTF_8);
        try {
            if (db.keyExists(key)) {
                return false;
            }
            db.put(writeOptions, key, EMPTY);
            return true;
        } catch (RocksDBException e) {
            throw new IllegalStateException("uuid store: " + e.getMessage(), e);
        }
    }

    /** Adds distinct uuids in one batch. */
    void addAll(Collection<String> uuids) {
        try (WriteBatch batch = new WriteBatch()) {
            for (String u : uuids) {
                batch.put(u.getBytes(StandardCharsets.UTF_8), EMPTY);
            }
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("uuid store: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        db.close();
        writeOptions.close();
        options.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
