package io.worldcurate.core.synthetic;

import java.util.List;

/**
 * One generated image record.
 *
 * @param uuid        MetaCLIP's uuid of {@code url} (SHA-224), whether or not it is written
 * @param uuidWritten false when the record leaves {@code uuid} out (the consumer derives the same value from the url)
 * @param repeat      true when an earlier image of this crawl had the same url, hence the same uuid
 * @param language    the metadata language drawn for the image (the language of its concept texts)
 */
public record GeneratedImage(String uuid, boolean uuidWritten, String url, String pageUrl, boolean repeat,
                             String language, List<GeneratedText> texts) {

    public GeneratedImage {
        texts = List.copyOf(texts);
    }
}
