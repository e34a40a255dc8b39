package io.worldcurate.core.match;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cell table the scan reads off-heap: any buffer gives the same matches; a link out of the table throws. */
class DoubleArrayTableTest {

    @Test
    void aHeapCopyOfTheTableMatchesAsTheOriginal() {
        DoubleArrayAutomaton a = DoubleArrayAutomaton.build(List.of("dog", "hot dog", "汽车", "a"));
        ByteBuffer t = a.table();
        ByteBuffer heap = ByteBuffer.allocate(t.remaining()).order(ByteOrder.nativeOrder()).put(t).flip();
        DoubleArrayAutomaton b = new DoubleArrayAutomaton(heap, a.keys(), a.entries());
        for (String text : new String[] {"a hot dog", "汽车 and a dog", "nothing", ""}) {
            assertThat(b.match(text)).as(text).containsExactly(a.match(text));
        }
        assertThat(a.match("a hot dog")).containsExactly(0, 1, 3);
    }

    @Test
    void aFailureLinkOutsideTheTableThrowsInsteadOfReadingOutside() {
        DoubleArrayAutomaton a = DoubleArrayAutomaton.build(List.of("dog", "do"));
        int[] fail = a.fail();
        for (int i = 1; i < fail.length; i++) {
            if (a.check()[i] >= 0) {
                fail[i] = fail.length + 1000;
            }
        }
        DoubleArrayAutomaton bad = new DoubleArrayAutomaton(a.base(), a.check(), fail, a.value(), a.outLink(), a.keys(), a.entries());
        assertThatThrownBy(() -> bad.match("dox dox")).isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt");
    }
}
