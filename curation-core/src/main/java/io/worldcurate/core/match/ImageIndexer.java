package io.worldcurate.core.match;

import io.worldcurate.core.lang.LanguageAssigner;
import io.worldcurate.core.model.Image;
import io.worldcurate.core.model.ImageText;
import io.worldcurate.core.model.LangText;
import io.worldcurate.core.model.MatchedImage;
import io.worldcurate.core.model.MatchedText;

import java.util.ArrayList;
import java.util.List;

/**
 * Language assignment then matching of every text of an image: what lid-service and
 * matcher-service do in two steps, in one call for batch curation. Thread-safe.
 */
public final class ImageIndexer {

    /** An image's texts with their languages, and the image with only its matched texts. */
    public record Indexed(Image image, List<LangText> texts, MatchedImage matched) {
        public boolean hasMatch() {
            return !matched.texts().isEmpty();
        }
    }

    private final LanguageAssigner languages;
    private final LanguageMatchers matchers;

    public ImageIndexer(LanguageAssigner languages, LanguageMatchers matchers) {
        this.languages = languages;
        this.matchers = matchers;
    }

    public Indexed index(Image image) {
        List<LangText> texts = new ArrayList<>(image.texts().size());
        for (ImageText t : image.texts()) {
            LanguageAssigner.Assignment a = languages.assign(t.text(), t.lang());
            texts.add(new LangText(t.attr(), t.text(), a.language(), a.detected()));
        }
        return new Indexed(image, texts, match(image.uuid(), image.url(), image.pageUrl(), texts, matchers));
    }

    /** Keeps the texts with at least one match, in order, with their entry ids. */
    public static MatchedImage match(String uuid, String url, String pageUrl, List<LangText> texts, LanguageMatchers matchers) {
        List<MatchedText> matched = new ArrayList<>(texts.size());
        for (LangText t : texts) {
            int[] entries = matchers.match(t.lang(), t.text());
            if (entries.length > 0) {
                matched.add(new MatchedText(t.attr(), t.text(), t.lang(), entries));
            }
        }
        return new MatchedImage(uuid, url, pageUrl, matched);
    }
}
