package io.worldcurate.core.model;

import java.util.List;

/** A crawled image with its candidate texts, in MetaCLIP's form (spec section 1). */
public record Image(String uuid, String url, String pageUrl, List<ImageText> texts) {

    public Image {
        texts = List.copyOf(texts);
    }
}
