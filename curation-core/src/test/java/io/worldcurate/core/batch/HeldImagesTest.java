package io.worldcurate.core.batch;

import io.worldcurate.core.model.MatchedImage;
import io.worldcurate.core.model.MatchedText;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HeldImagesTest {

    static MatchedImage image(String uuid) {
        return new MatchedImage(uuid, "https://img.example/" + uuid, null, List.of(new MatchedText("alt", "a dog", "en", new int[] {1})));
    }

    @Test
    void keepsEveryImageInOrderWhileTheirLinesFit() {
        HeldImages held = new HeldImages(30);
        held.add(image("a"), "x".repeat(10));
        held.add(image("b"), "x".repeat(20));
        assertThat(held.images()).extracting(MatchedImage::uuid).containsExactly("a", "b");
    }

    @Test
    void dropsThemAllOnceTheBudgetIsExceededAndStaysDropped() {
        HeldImages held = new HeldImages(30);
        held.add(image("a"), "x".repeat(20));
        held.add(image("b"), "x".repeat(11));
        assertThat(held.images()).isNull();
        held.add(image("c"), "");
        assertThat(held.images()).isNull();
    }

    @Test
    void aZeroBudgetHoldsNothing() {
        HeldImages held = new HeldImages(0);
        held.add(image("a"), "{}");
        assertThat(held.images()).isNull();
    }
}
