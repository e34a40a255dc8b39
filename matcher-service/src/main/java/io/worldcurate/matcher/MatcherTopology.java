package io.worldcurate.matcher;

import io.worldcurate.core.input.ImageValidator;
import io.worldcurate.core.input.InvalidRecordException;
import io.worldcurate.core.match.LanguageMatchers;
import io.worldcurate.schemas.Topics;
import io.worldcurate.schemas.avro.LangImage;
import io.worldcurate.schemas.avro.LangText;
import io.worldcurate.streams.DeadLetterRoute;
import io.worldcurate.streams.DecodeProcessor;
import io.worldcurate.streams.StageMetrics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

import java.util.List;
import java.util.Objects;

/**
 * matcher-service's topology: {@code curation.lid} to {@code curation.matched}. Stateless.
 *
 * <pre>
 * curation.lid ─► decode+validate ─┬─► curation.dlq                (undecodable or invalid)
 *                                  └─► match each text against its language's automaton
 *                                          ├─► curation.dlq        (matching failed)
 *                                          ├─► dropped             (no matched text)
 *                                          └─► curation.matched    (matched texts only, in order)
 * </pre>
 */
public final class MatcherTopology {

    public static final String STAGE = "matcher";

    /**
     * What the topology needs besides Kafka: the process' automata, limits and metrics.
     *
     * @param matchers created once per process and shared by every topology and stream thread built from it
     */
    public record Config(LanguageMatchers matchers, int maxRecordBytes, MatcherMetrics metrics) {
        public Config {
            Objects.requireNonNull(matchers, "matchers");
            Objects.requireNonNull(metrics, "metrics");
            if (maxRecordBytes < 1) {
                throw new IllegalArgumentException("max record bytes must be >= 1");
            }
        }

        public Config(LanguageMatchers matchers) {
            this(matchers, ImageValidator.DEFAULT_MAX_RECORD_BYTES, MatcherMetrics.NONE);
        }
    }

    private MatcherTopology() {
    }

    public static Topology build(Config config) {
        StreamsBuilder builder = new StreamsBuilder();
        build(builder, config);
        return builder.build();
    }

    public static void build(StreamsBuilder builder, Config config) {
        StageMetrics metrics = config.metrics().stage();
        // one wrapper for every task of this topology: tasks share the automata, never build their own
        MeteredMatchers matchers = new MeteredMatchers(config.matchers(), config.metrics());

        KStream<String, LangImage> images = DeadLetterRoute.valuesOf(builder
                .stream(Topics.LID, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("matcher-lid"))
                .process(() -> new DecodeProcessor<>(STAGE, Topics.LANG_IMAGE_SERDE.deserializer(), MatcherTopology::problem,
                        config.maxRecordBytes(), metrics), Named.as("matcher-decode")), "matcher-decoded");
        // entries added to an image near the limit can take it over: dead-lettered as "oversized output"
        DeadLetterRoute.to(images.process(() -> new MatchProcessor(matchers, config.metrics()), Named.as("matcher-match")),
                "matcher-matched", STAGE, Topics.MATCHED_TOPIC, config.maxRecordBytes(), metrics);
    }

    /** What is wrong with a decoded image, or null: a usable uuid, at least one text, a language on every text. */
    static String problem(String key, LangImage image) {
        try {
            ImageValidator.checkUuid(image.getUuid());
        } catch (InvalidRecordException e) {
            return e.reason();
        }
        List<LangText> texts = image.getTexts();
        if (texts.isEmpty()) {
            return "no texts";
        }
        for (int i = 0; i < texts.size(); i++) {
            String lang = texts.get(i).getLang();
            if (lang == null || lang.isEmpty()) {
                // the reason's kind (before the colon) is a metric label: keep the index after it
                return "empty lang: texts[" + i + "] has no language";
            }
        }
        return null;
    }
}
