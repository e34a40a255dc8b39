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

    /**
     * {@link #index} of every image, the same results in the same order, with the texts matched two at
     * a time ({@link LanguageMatchers#matchTwo}), whichever images they belong to.
     */
    public List<Indexed> indexAll(List<Image> images) {
        List<LangText> all = new ArrayList<>();
        List<List<LangText>> assigned = new ArrayList<>(images.size());
        for (Image image : images) {
            List<LangText> texts = new ArrayList<>(image.texts().size());
            for (ImageText t : image.texts()) {
                LanguageAssigner.Assignment a = languages.assign(t.text(), t.lang());
                texts.add(new LangText(t.attr(), t.text(), a.language(), a.detected()));
            }
            assigned.add(texts);
            all.addAll(texts);
        }
        int[][] entries = new int[all.size()][];
        int k = 0;
        for (; k + 1 < all.size(); k += 2) {
            LangText a = all.get(k);
            LangText b = all.get(k + 1);
            int[][] two = matchers.matchTwo(a.lang(), a.text(), b.lang(), b.text());
            entries[k] = two[0];
            entries[k + 1] = two[1];
        }
        if (k < all.size()) {
            entries[k] = matchers.match(all.get(k).lang(), all.get(k).text());
        }
        List<Indexed> out = new ArrayList<>(images.size());
        k = 0;
        for (int i = 0; i < images.size(); i++) {
            Image image = images.get(i);
            List<LangText> texts = assigned.get(i);
            List<MatchedText> matched = new ArrayList<>(texts.size());
            for (LangText t : texts) {
                int[] e = entries[k++];
                if (e.length > 0) {
                    matched.add(new MatchedText(t.attr(), t.text(), t.lang(), e));
                }
            }
            out.add(new Indexed(image, texts, new MatchedImage(image.uuid(), image.url(), image.pageUrl(), matched)));
        }
        return out;
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
