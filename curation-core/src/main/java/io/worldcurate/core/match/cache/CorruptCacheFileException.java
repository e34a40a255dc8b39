package io.worldcurate.core.match.cache;

import java.io.IOException;

/** A cache file that is truncated, fails its checksum, or holds another key: never used, rebuilt. */
public final class CorruptCacheFileException extends IOException {
    public CorruptCacheFileException(String message) {
        super(message);
    }
}
