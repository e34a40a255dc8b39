package io.worldcurate.matcher;

import io.worldcurate.core.model.MatchedImage;
import io.worldcurate.core.model.MatchedText;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.LangImage;
import io.worldcurate.streams.DeadLetters;
import io.worldcurate.streams.Decoded;
import io.worldcurate.streams.ImageRecords;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Matches every text of an image against its own language's metadata and keeps the matched texts;
 * an image left with none is dropped. Stateless: the automata are the process' shared ones.
 */
final class MatchProcessor implements Processor<String, LangImage, String, Decoded<io.worldcurate.schemas.avro.MatchedImage>> {

    private final MeteredMatchers matchers;
    private final MatcherMetrics metrics;
    private ProcessorContext<String, Decoded<io.worldcurate.schemas.avro.MatchedImage>> context;

    MatchProcessor(MeteredMatchers matchers, MatcherMetrics metrics) {
        this.matchers = matchers;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Decoded<io.worldcurate.schemas.avro.MatchedImage>> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, LangImage> record) {
        LangImage image = record.value();
        String uuid = image.getUuid();
        MatchedImage matched;
        try {
            matched = matchers.match(uuid, image.getUrl(), image.getPageUrl(), ImageRecords.langTexts(image));
        } catch (RuntimeException e) {
            // one language's metadata failing to load must not stop the service: the image is dead-lettered
            String reason = "matching failed: " + e;
            metrics.stage().deadLettered(DeadLetters.kind(reason));
            context.forward(record.withKey(uuid).withValue(new Decoded.Dead<>(DeadLetters.of(MatcherTopology.STAGE, reason,
                    context.recordMetadata(), record.key(), Topics.LANG_IMAGE_SERDE.serialize(Topics.LID, image)))));
            return;
        }
        if (matched.texts().isEmpty()) {
            metrics.stage().dropped("no match");
            return;
        }
        for (MatchedText t : matched.texts()) {
            metrics.matched(t.lang());
        }
        metrics.stage().out();
        context.forward(record.withKey(uuid).withValue(new Decoded.Ok<>(ImageRecords.toMatchedImage(image, matched))));
    }
}
