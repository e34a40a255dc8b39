package io.worldcurate.lid;

import io.worldcurate.core.lang.LanguageAssigner;
import io.worldcurate.core.model.LangText;
import io.worldcurate.schemas.avro.CrawledImage;
import io.worldcurate.schemas.avro.CrawledText;
import io.worldcurate.schemas.avro.LangImage;
import io.worldcurate.schemas.Topics;
import io.worldcurate.streams.DeadLetters;
import io.worldcurate.streams.Decoded;
import io.worldcurate.streams.ImageRecords;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;

/**
 * Drops every image whose uuid was seen before (first record wins), then gives each text of the
 * others its metadata language: the input's when given, else language identification's.
 */
final class IdentifyProcessor implements Processor<String, CrawledImage, String, Decoded<LangImage>> {

    private final LanguageAssigner languages;
    private final LidMetrics metrics;
    private ProcessorContext<String, Decoded<LangImage>> context;
    private KeyValueStore<String, Long> seen;

    IdentifyProcessor(LanguageAssigner languages, LidMetrics metrics) {
        this.languages = languages;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Decoded<LangImage>> context) {
        this.context = context;
        this.seen = context.getStateStore(LidTopology.SEEN_UUIDS_STORE);
    }

    @Override
    public void process(Record<String, CrawledImage> record) {
        CrawledImage image = record.value();
        String uuid = image.getUuid();
        if (seen.get(uuid) != null) {
            metrics.stage().dropped("repeated uuid");
            return;
        }
        List<LangText> texts = new ArrayList<>(image.getTexts().size());
        String engine = null;
        try {
            for (CrawledText t : image.getTexts()) {
                LanguageAssigner.Assignment a = languages.assign(t.getText(), t.getLang());
                if (a.detected()) {
                    metrics.detected(a.language());
                    engine = languages.engineName();
                }
                texts.add(new LangText(t.getAttr(), t.getText(), a.language(), a.detected()));
            }
        } catch (RuntimeException e) {
            // identification failing on one text must not stop the service: the image is dead-lettered
            String reason = "language identification failed: " + e;
            metrics.stage().deadLettered(DeadLetters.kind(reason));
            context.forward(record.withKey(uuid).withValue(new Decoded.Dead<>(DeadLetters.of(LidTopology.STAGE, reason,
                    context.recordMetadata(), uuid, Topics.CRAWLED_IMAGE_SERDE.serialize(Topics.CRAWL_IMAGES, image)))));
            return;
        }
        // marked seen only once identified: a dead-lettered image can be sent again after a fix
        seen.put(uuid, record.timestamp());
        metrics.stage().out();
        LangImage out = ImageRecords.toLangImage(image, texts);
        out.setLidEngine(engine);
        context.forward(record.withKey(uuid).withValue(new Decoded.Ok<>(out)));
    }
}
