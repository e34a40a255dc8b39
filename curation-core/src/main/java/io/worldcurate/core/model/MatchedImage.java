package io.worldcurate.core.model;

import java.util.List;

/** An image with only its matched texts, in input order (MetaCLIP's index entry). */
public record MatchedImage(String uuid, String url, String pageUrl, List<MatchedText> texts) {

    public MatchedImage {
        texts = List.copyOf(texts);
    }
}
