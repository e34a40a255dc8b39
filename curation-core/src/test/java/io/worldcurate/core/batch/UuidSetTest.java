package io.worldcurate.core.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class UuidSetTest {

    @TempDir
    Path tmp;

    @Test
    void smallSetsStayInMemoryAndTouchNoDisk() {
        Path dir = tmp.resolve("uuids");
        try (UuidSet set = new UuidSet(dir, 10)) {
            assertThat(set.add("a")).isTrue();
            assertThat(set.add("b")).isTrue();
            assertThat(set.add("a")).isFalse();
            assertThat(set.onDisk()).isFalse();
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void spillsToRocksDbPastTheLimitAndStillKnowsEveryUuid() {
        Path dir = tmp.resolve("uuids");
        try (UuidSet set = new UuidSet(dir, 3)) {
            assertThat(set.add("a")).isTrue();
            assertThat(set.add("b")).isTrue();
            assertThat(set.add("b")).isFalse();
            assertThat(set.add("c")).isTrue();
            assertThat(set.onDisk()).isFalse();
            assertThat(set.add("d")).isTrue(); // the fourth: moves to disk
            assertThat(set.onDisk()).isTrue();
            assertThat(dir).isDirectory();
            for (String seen : new String[] {"a", "b", "c", "d"}) {
                assertThat(set.add(seen)).as(seen).isFalse();
            }
            assertThat(set.add("e")).isTrue();
            assertThat(set.add("e")).isFalse();
        }
        assertThat(dir).doesNotExist();
    }
}
