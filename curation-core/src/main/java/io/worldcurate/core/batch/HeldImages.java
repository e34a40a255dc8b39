package io.worldcurate.core.batch;

import io.worldcurate.core.model.MatchedImage;

import java.util.ArrayList;
import java.util.List;

/**
 * Pass 1's matched images in index order, kept for pass 2 while their index lines total at most a
 * budget of characters; past it they are all dropped, and pass 2 reads {@code index.jsonl} instead.
 */
final class HeldImages {

    private final long budget;
    private long chars;
    private List<MatchedImage> images = new ArrayList<>();

    HeldImages(long budget) {
        this.budget = budget;
    }

    /** Keeps {@code image}, whose index line is {@code indexLine}, unless the budget is (or now gets) exceeded. */
    void add(MatchedImage image, String indexLine) {
        if (images == null) {
            return;
        }
        chars += indexLine.length();
        if (chars > budget) {
            images = null;
        } else {
            images.add(image);
        }
    }

    /** Every image added, in order, or null when they did not fit. */
    List<MatchedImage> images() {
        return images;
    }
}
