package io.worldcurate.core.match.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class DigestMemoTest {

    @TempDir
    Path tmp;

    private final AtomicInteger hashed = new AtomicInteger();

    private Supplier<String> hashing(Path file) {
        return () -> {
            hashed.incrementAndGet();
            try {
                return DigestMemo.sha256(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private Path metadataFile(String content) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("metadata"));
        return Files.writeString(dir.resolve("xx.json"), content, StandardCharsets.UTF_8);
    }

    private static String sha(String content) {
        return DigestMemo.sha256(content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anUnchangedFileIsHashedOnceAcrossProcesses() throws IOException {
        Path f = metadataFile("[\"a\", \"b\"]");
        assumeThat(DigestMemo.stamp(f)).as("unix file attributes").isNotNull();
        DigestMemo first = DigestMemo.load(tmp.resolve("cache"), f.getParent(), 0);
        assertThat(first.sha256(f, hashing(f))).isEqualTo(sha("[\"a\", \"b\"]"));
        assertThat(first.save()).isTrue();
        assertThat(first.file()).exists();

        DigestMemo second = DigestMemo.load(tmp.resolve("cache"), f.getParent(), 0);
        assertThat(second.sha256(f, hashing(f))).isEqualTo(sha("[\"a\", \"b\"]"));
        assertThat(hashed).hasValue(1);
    }

    @Test
    void aChangedFileIsHashedAgainEvenAtTheSameSize() throws IOException {
        Path f = metadataFile("[\"a\", \"b\"]");
        assumeThat(DigestMemo.stamp(f)).as("unix file attributes").isNotNull();
        DigestMemo first = DigestMemo.load(tmp.resolve("cache"), f.getParent(), 0);
        first.sha256(f, hashing(f));
        first.save();
        FileTime before = Files.getLastModifiedTime(f);
        Files.writeString(f, "[\"a\", \"c\"]", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(f, FileTime.fromMillis(before.toMillis() + 1000));

        DigestMemo second = DigestMemo.load(tmp.resolve("cache"), f.getParent(), 0);
        assertThat(second.sha256(f, hashing(f))).isEqualTo(sha("[\"a\", \"c\"]"));
        assertThat(hashed).hasValue(2);
    }

    @Test
    void aFileChangedJustBeforeHashingIsNotRemembered() throws IOException {
        Path f = metadataFile("[\"a\"]");
        DigestMemo first = DigestMemo.load(tmp.resolve("cache"), f.getParent()); // the real settle time
        first.sha256(f, hashing(f));
        first.save();
        DigestMemo second = DigestMemo.load(tmp.resolve("cache"), f.getParent());
        second.sha256(f, hashing(f));
        assertThat(hashed).hasValue(2);
    }

    @Test
    void aMalformedMemoOnlyCostsHashing() throws IOException {
        Path f = metadataFile("[\"a\"]");
        DigestMemo memo = DigestMemo.load(tmp.resolve("cache"), f.getParent(), 0);
        Files.createDirectories(memo.file().getParent());
        Files.writeString(memo.file(), "worldcurate metadata digests v1\nnot hex 1 2 3 xx.json\n" + "0".repeat(64) + " x y z w xx.json\n");
        DigestMemo reread = DigestMemo.load(tmp.resolve("cache"), f.getParent(), 0);
        assertThat(reread.sha256(f, hashing(f))).isEqualTo(sha("[\"a\"]"));
        assertThat(hashed).hasValue(1);
    }
}
