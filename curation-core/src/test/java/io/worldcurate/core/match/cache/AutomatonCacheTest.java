package io.worldcurate.core.match.cache;

import io.worldcurate.core.match.DoubleArrayAutomaton;
import io.worldcurate.core.match.LanguageMatchers;
import io.worldcurate.core.metadata.MetadataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class AutomatonCacheTest {

    @TempDir
    Path tmp;

    static List<String> entries(int n, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        String[] syllables = {"ka", "to", "ri", "汽", "车", "ส", "é", "-", "n", "ba"};
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            int k = 1 + r.nextInt(4);
            for (int j = 0; j < k; j++) {
                sb.append(syllables[r.nextInt(syllables.length)]);
            }
            if (r.nextInt(5) == 0) {
                sb.append(' ').append(syllables[r.nextInt(syllables.length)]);
            }
            out.add(sb.toString());
        }
        return out;
    }

    static final String[] PROBES = {"kato ri 汽车 ba", "a toka ri-n, ba. é", "สส kakaka toto", "车汽车 riri ba n"};

    static void assertSameMatches(DoubleArrayAutomaton a, DoubleArrayAutomaton b) {
        assertThat(a.slots()).isEqualTo(b.slots());
        assertThat(a.base()).isEqualTo(b.base());
        assertThat(a.check()).isEqualTo(b.check());
        assertThat(a.fail()).isEqualTo(b.fail());
        assertThat(a.value()).isEqualTo(b.value());
        assertThat(a.outLink()).isEqualTo(b.outLink());
        for (String p : PROBES) {
            assertThat(a.match(p)).containsExactly(b.match(p));
        }
    }

    private static CacheKey key(String lang, String content) {
        return CacheKey.of(lang, sha(content));
    }

    private static String sha(String content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void storesThenLoadsTheSameArrays() {
        List<String> warnings = new ArrayList<>();
        AutomatonCache cache = AutomatonCache.at(tmp.resolve("cache"), warnings::add);
        List<String> e = entries(3000, 1);
        CacheKey k = key("xx", "v1");
        AutomatonCache.Loaded first = cache.get(k, () -> e);
        AutomatonCache.Loaded second = cache.get(k, () -> {
            throw new AssertionError("a whole cache file must be used, not rebuilt");
        });
        assertThat(first.source()).isEqualTo(AutomatonCache.Source.BUILT_AND_STORED);
        assertThat(second.source()).isEqualTo(AutomatonCache.Source.CACHE);
        assertSameMatches(second.automaton(), DoubleArrayAutomaton.build(e));
        assertThat(second.automaton().entries()).isEqualTo(3000);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aCorruptFileIsReportedRebuiltAndReplaced() throws IOException {
        List<String> warnings = new ArrayList<>();
        AutomatonCache cache = AutomatonCache.at(tmp, warnings::add);
        List<String> e = entries(2000, 2);
        CacheKey k = key("xx", "v1");
        cache.get(k, () -> e);
        Path file = cache.fileOf(k);
        flipBits(file, Files.size(file) / 2, 0x10);
        AutomatonCache.Loaded again = cache.get(k, () -> e);
        assertThat(again.source()).isEqualTo(AutomatonCache.Source.BUILT_AND_STORED);
        assertThat(warnings).singleElement().asString().contains("checksum mismatch").contains(file.getFileName().toString());
        assertSameMatches(again.automaton(), DoubleArrayAutomaton.build(e));
        // replaced: the next load uses the file, with no new warning
        assertThat(cache.get(k, () -> e).source()).isEqualTo(AutomatonCache.Source.CACHE);
        assertThat(warnings).hasSize(1);
    }

    @Test
    void aFlippedByteAnywhereInAFileOfSeveralCheckBlocksIsCaught() throws IOException {
        List<String> warnings = new ArrayList<>();
        AutomatonCache cache = AutomatonCache.at(tmp, warnings::add);
        List<String> e = entries(20000, 5);
        CacheKey k = key("xx", "v1");
        cache.get(k, () -> e);
        Path file = cache.fileOf(k);
        long size = Files.size(file);
        int block = AutomatonFile.CHECK_BLOCK_BYTES;
        assertThat(size).as("the file spans several check blocks").isGreaterThan(3L * block);
        // around each block boundary, the last cell byte and the stored checksum itself
        long[] positions = {block - 1, block, 2L * block + 7, 3L * block, size - 5, size - 1};
        for (long at : positions) {
            flipBits(file, at, 0x01);
            assertThat(cache.get(k, () -> e).source()).as("byte %d of %d flipped", at, size)
                    .isEqualTo(AutomatonCache.Source.BUILT_AND_STORED);
            assertThat(cache.get(k, () -> e).source()).as("replaced after byte %d", at).isEqualTo(AutomatonCache.Source.CACHE);
        }
        assertThat(warnings).hasSize(positions.length).allSatisfy(w -> assertThat(w).contains("checksum mismatch"));
    }

    private static void flipBits(Path file, long at, int mask) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ mask);
        }
    }

    @Test
    void aTruncatedFileIsCaught() throws IOException {
        List<String> warnings = new ArrayList<>();
        AutomatonCache cache = AutomatonCache.at(tmp, warnings::add);
        List<String> e = entries(2000, 3);
        CacheKey k = key("xx", "v1");
        cache.get(k, () -> e);
        Path file = cache.fileOf(k);
        for (long keep : new long[] {Files.size(file) - 1, Files.size(file) / 2, 10, 0}) {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(keep);
            }
            assertThat(cache.get(k, () -> e).source()).as("truncated to %d bytes", keep)
                    .isEqualTo(AutomatonCache.Source.BUILT_AND_STORED);
        }
        assertThat(warnings).hasSize(4).allSatisfy(w -> assertThat(w).containsAnyOf("truncated", "bad magic"));
    }

    @Test
    void aStaleFileIsNeverUsedAndChangedMetadataIsAnotherKey() throws IOException {
        List<String> warnings = new ArrayList<>();
        AutomatonCache cache = AutomatonCache.at(tmp, warnings::add);
        List<String> v1 = entries(500, 4);
        List<String> v2 = new ArrayList<>(v1);
        v2.set(0, "zzz");
        CacheKey k1 = key("xx", "v1");
        CacheKey k2 = key("xx", "v2");
        assertThat(cache.fileOf(k1)).isNotEqualTo(cache.fileOf(k2));
        cache.get(k1, () -> v1);
        assertThat(cache.get(k2, () -> v2).source()).isEqualTo(AutomatonCache.Source.BUILT_AND_STORED);
        assertThat(cache.get(k2, () -> v2).automaton().match("a zzz b")).containsExactly(0);
        // a file holding another key under this key's name (copied, or a format bump) is stale
        Files.copy(cache.fileOf(k1), cache.fileOf(k2), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        AutomatonCache.Loaded reloaded = cache.get(k2, () -> v2);
        assertThat(reloaded.source()).isEqualTo(AutomatonCache.Source.BUILT_AND_STORED);
        assertThat(reloaded.automaton().match("a zzz b")).containsExactly(0);
        assertThat(warnings).singleElement().asString().contains("stale");
        CacheKey otherFormat = new CacheKey("xx", k2.sha256(), AutomatonFile.FORMAT_VERSION + 1);
        assertThat(cache.fileOf(otherFormat)).isNotEqualTo(cache.fileOf(k2));
    }

    @Test
    void anUnwritableCacheDirectoryDegradesToMemoryWithOneWarning() throws IOException {
        Path notADir = Files.writeString(tmp.resolve("file"), "x");
        List<String> warnings = new ArrayList<>();
        AutomatonCache cache = AutomatonCache.at(notADir.resolve("cache"), warnings::add);
        for (int i = 0; i < 3; i++) {
            List<String> e = entries(300, 10 + i);
            AutomatonCache.Loaded l = cache.get(key("l" + i, "v"), () -> e);
            assertThat(l.source()).isEqualTo(AutomatonCache.Source.BUILT);
            assertSameMatches(l.automaton(), DoubleArrayAutomaton.build(e));
        }
        assertThat(warnings).singleElement().asString().contains("not writable").contains("built in memory");
    }

    @Test
    void aReadOnlyCacheDirectoryDegradesToMemoryWithOneWarning() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("ro"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeThat(Files.isWritable(dir)).as("running as root: permissions do not stop writes; "
                    + "anUnwritableCacheDirectoryDegradesToMemoryWithOneWarning covers the behaviour").isFalse();
            List<String> warnings = new ArrayList<>();
            AutomatonCache cache = AutomatonCache.at(dir, warnings::add);
            for (int i = 0; i < 3; i++) {
                List<String> e = entries(300, 20 + i);
                assertThat(cache.get(key("l" + i, "v"), () -> e).source()).isEqualTo(AutomatonCache.Source.BUILT);
            }
            assertThat(warnings).singleElement().asString().contains("not writable");
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void noCacheBuildsInMemoryAndWritesNothing() throws IOException {
        AutomatonCache none = AutomatonCache.none();
        List<String> e = entries(100, 5);
        assertThat(none.get(key("xx", "v"), () -> e).source()).isEqualTo(AutomatonCache.Source.BUILT);
        assertThat(none.enabled()).isFalse();
    }

    @Test
    void languageMatchersLoadEveryLanguageOnceAndReportMissingLanguagesOnce() throws IOException {
        Path md = Files.createDirectory(tmp.resolve("metadata"));
        Files.writeString(md.resolve("en.json"), "[\"dog\", \"hot dog\", \"cat\"]");
        Files.writeString(md.resolve("zh.json"), "[\"汽车\", \"红色\"]");
        List<String> notices = new ArrayList<>();
        Path cacheDir = tmp.resolve("cache");
        LanguageMatchers cold = new LanguageMatchers(new MetadataDirectory(md), AutomatonCache.at(cacheDir, notices::add), notices::add);
        LanguageMatchers.LoadSummary s1 = cold.loadAll(2);
        assertThat(s1.count(AutomatonCache.Source.BUILT_AND_STORED)).isEqualTo(2);
        assertThat(cold.built()).containsExactly("en", "zh");
        assertThat(cold.match("en", "a hot dog")).containsExactly(0, 1);
        assertThat(cold.entryCount("en")).isEqualTo(3);
        assertThat(cold.entryCount("xx")).isZero();
        for (int i = 0; i < 5; i++) {
            assertThat(cold.match("xx", "dog")).isEmpty();
        }
        assertThat(notices).singleElement().asString().contains("'xx'");

        LanguageMatchers warm = new LanguageMatchers(new MetadataDirectory(md), AutomatonCache.at(cacheDir, notices::add), notices::add);
        assertThat(warm.loadAll(2).count(AutomatonCache.Source.CACHE)).isEqualTo(2);
        assertThat(warm.match("zh", "红色汽车")).containsExactly(0, 1);

        // changed metadata: a new key, rebuilt, and the new entry matches
        Files.writeString(md.resolve("en.json"), "[\"dog\", \"hot dog\", \"cat\", \"bird\"]");
        LanguageMatchers changed = new LanguageMatchers(new MetadataDirectory(md), AutomatonCache.at(cacheDir, notices::add), notices::add);
        LanguageMatchers.LoadSummary s3 = changed.loadAll(1);
        assertThat(s3.count(AutomatonCache.Source.CACHE)).isEqualTo(1);
        assertThat(s3.count(AutomatonCache.Source.BUILT_AND_STORED)).isEqualTo(1);
        assertThat(changed.match("en", "a bird")).containsExactly(3);
        assertThat(notices).hasSize(1);
    }
}
