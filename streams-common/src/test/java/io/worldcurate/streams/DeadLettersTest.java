package io.worldcurate.streams;

import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.DeadLetter;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLettersTest {

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static int sizeOf(DeadLetter d, String key) {
        return Topics.DEAD_LETTER_SERDE.serialize(Topics.DLQ, d).length + RecordLimits.utf8Length(key);
    }

    @Test
    void aSmallValueIsKeptWholeWithItsSizeAndDigest() {
        byte[] value = random(100);
        DeadLetter d = DeadLetters.of("lid", "undecodable: x", Optional.empty(), "k", value, 4096);
        assertThat(PoisonRecords.bytes(d.getOriginalValue())).isEqualTo(value);
        assertThat(d.getValueTruncated()).isFalse();
        assertThat(d.getOriginalSize()).isEqualTo(100);
        assertThat(d.getOriginalSha256()).hasSize(64).isEqualTo(DeadLetters.sha256(value));
    }

    @Test
    void aValueTooLargeForTheDeadLetterTopicIsCutToFitAndFlagged() {
        for (int limit : new int[] {2048, 65_536, Topics.DEFAULT_MAX_MESSAGE_BYTES}) {
            byte[] value = random(limit);
            DeadLetter d = DeadLetters.of("lid", "oversized: " + "x".repeat(5000), Optional.empty(), "key", value, limit);
            assertThat(d.getValueTruncated()).isTrue();
            assertThat(d.getOriginalSize()).isEqualTo(limit);
            assertThat(d.getOriginalSha256()).isEqualTo(DeadLetters.sha256(value));
            byte[] kept = PoisonRecords.bytes(d.getOriginalValue());
            assertThat(kept).isEqualTo(Arrays.copyOf(value, kept.length));
            assertThat(RecordLimits.fits(0, sizeOf(d, "key"), limit)).as("fits in %d", limit).isTrue();
            // and not much is wasted: the reason is cut, the value fills the rest
            assertThat(sizeOf(d, "key")).isGreaterThan(limit - RecordLimits.RECORD_OVERHEAD - 16);
            assertThat(d.getReason().length()).isLessThanOrEqualTo(DeadLetters.MAX_REASON_CHARS + 1);
        }
    }

    @Test
    void aHugeKeyIsCutInTheRecordKeyAndInTheDeadLetter() {
        String key = "k".repeat(100_000);
        DeadLetter d = DeadLetters.of("lid", "r", Optional.empty(), key, random(70_000), 65_536);
        String recordKey = DeadLetters.recordKey(key);
        assertThat(RecordLimits.utf8Length(recordKey)).isLessThanOrEqualTo(RecordLimits.MAX_DEAD_LETTER_KEY_BYTES);
        assertThat(d.getOriginalKey().remaining()).isEqualTo(RecordLimits.MAX_DEAD_LETTER_KEY_BYTES);
        assertThat(RecordLimits.fits(0, sizeOf(d, recordKey), 65_536)).isTrue();
        assertThat(DeadLetters.recordKey("short")).isEqualTo("short");
        assertThat(DeadLetters.recordKey(null)).isNull();
    }

    @Test
    void noValueHasNoSizeAndNoDigest() {
        DeadLetter d = DeadLetters.of("matcher", "no value", Optional.empty(), null, null);
        assertThat(d.getOriginalValue()).isNull();
        assertThat(d.getOriginalSize()).isEqualTo(-1);
        assertThat(d.getOriginalSha256()).isNull();
        assertThat(d.getValueTruncated()).isFalse();
    }
}
