package io.worldcurate.core.batch;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The uuids seen so far: in a hash set while there are at most {@code inMemoryLimit} of them (a small
 * crawl never starts RocksDB), then on disk in a scratch RocksDB ({@link RocksUuidStore}) so that
 * deduplicating a crawl of any size takes bounded memory. The scratch store is deleted on close.
 */
final class UuidSet implements AutoCloseable {

    /** About 100 bytes of heap per uuid kept in memory: 250,000 is ~25 MB. */
    static final int DEFAULT_IN_MEMORY_LIMIT = 250_000;

    private final Path dir;
    private final int inMemoryLimit;
    private Set<String> memory = new HashSet<>();
    private RocksUuidStore disk;

    UuidSet(Path dir) {
        this(dir, DEFAULT_IN_MEMORY_LIMIT);
    }

    UuidSet(Path dir, int inMemoryLimit) {
        this.dir = dir;
        this.inMemoryLimit = inMemoryLimit;
    }

    /** Adds the uuid; true when it was not there before. */
    boolean add(String uuid) {
        if (disk != null) {
            return disk.add(uuid);
        }
        if (!memory.add(uuid)) {
            return false;
        }
        if (memory.size() > inMemoryLimit) {
            disk = new RocksUuidStore(dir);
            disk.addAll(memory);
            memory = null;
        }
        return true;
    }

    /** True once the set has moved to disk. */
    boolean onDisk() {
        return disk != null;
    }

    @Override
    public void close() {
        if (disk != null) {
            disk.close();
        }
        memory = null;
    }
}
