package io.worldcurate.streams;

import io.worldcurate.core.model.Image;
import io.worldcurate.core.model.ImageText;
import io.worldcurate.core.model.LangText;
import io.worldcurate.schemas.avro.CrawledImage;
import io.worldcurate.schemas.avro.CrawledText;
import io.worldcurate.schemas.avro.LangImage;
import io.worldcurate.schemas.avro.MatchedImage;
import io.worldcurate.schemas.avro.MatchedText;

import java.util.ArrayList;
import java.util.List;

/** Conversions between the Avro records on the topics and curation-core's model. */
public final class ImageRecords {

    private ImageRecords() {
    }

    public static Image toImage(CrawledImage c) {
        List<ImageText> texts = new ArrayList<>(c.getTexts().size());
        for (CrawledText t : c.getTexts()) {
            texts.add(new ImageText(t.getAttr(), t.getText(), t.getLang() == null ? "" : t.getLang()));
        }
        return new Image(c.getUuid(), c.getUrl(), c.getPageUrl(), texts);
    }

    public static CrawledImage toCrawledImage(Image image, Long ingestSeq) {
        List<CrawledText> texts = new ArrayList<>(image.texts().size());
        for (ImageText t : image.texts()) {
            texts.add(new CrawledText(t.attr(), t.text(), t.lang() == null || t.lang().isEmpty() ? null : t.lang()));
        }
        return CrawledImage.newBuilder().setUuid(image.uuid()).setUrl(image.url()).setPageUrl(image.pageUrl())
                .setTexts(texts).setIngestSeq(ingestSeq).build();
    }

    public static LangImage toLangImage(CrawledImage c, List<LangText> texts) {
        List<io.worldcurate.schemas.avro.LangText> out = new ArrayList<>(texts.size());
        for (LangText t : texts) {
            out.add(new io.worldcurate.schemas.avro.LangText(t.attr(), t.text(), t.lang(), t.detected()));
        }
        return LangImage.newBuilder().setUuid(c.getUuid()).setUrl(c.getUrl()).setPageUrl(c.getPageUrl())
                .setTexts(out).setIngestSeq(c.getIngestSeq()).build();
    }

    public static List<LangText> langTexts(LangImage image) {
        List<LangText> out = new ArrayList<>(image.getTexts().size());
        for (io.worldcurate.schemas.avro.LangText t : image.getTexts()) {
            out.add(new LangText(t.getAttr(), t.getText(), t.getLang(), t.getDetected()));
        }
        return out;
    }

    public static MatchedImage toMatchedImage(LangImage image, io.worldcurate.core.model.MatchedImage matched) {
        List<MatchedText> texts = new ArrayList<>(matched.texts().size());
        for (io.worldcurate.core.model.MatchedText t : matched.texts()) {
            List<Integer> entries = new ArrayList<>(t.entries().length);
            for (int e : t.entries()) {
                entries.add(e);
            }
            texts.add(new MatchedText(t.attr(), t.text(), t.lang(), entries));
        }
        return MatchedImage.newBuilder().setUuid(image.getUuid()).setUrl(image.getUrl()).setPageUrl(image.getPageUrl())
                .setTexts(texts).setIngestSeq(image.getIngestSeq()).build();
    }

    public static io.worldcurate.core.model.MatchedImage toMatched(MatchedImage image) {
        List<io.worldcurate.core.model.MatchedText> texts = new ArrayList<>(image.getTexts().size());
        for (MatchedText t : image.getTexts()) {
            texts.add(new io.worldcurate.core.model.MatchedText(t.getAttr(), t.getText(), t.getLang(), entries(t)));
        }
        return new io.worldcurate.core.model.MatchedImage(image.getUuid(), image.getUrl(), image.getPageUrl(), texts);
    }

    public static int[] entries(MatchedText t) {
        List<Integer> list = t.getEntries();
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }
}
