package io.worldcurate.core.lang;

import io.worldcurate.core.metadata.MetadataSource;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Gives each text its metadata language (spec section 2): a non-empty input {@code lang} is trusted
 * and mapped; otherwise the text goes through language identification, whose engine is only built
 * when the first text needs it, and the engine's label goes through {@link LidCodeMap}. Labels that
 * have no metadata give {@code other} and are counted ({@link #unmappedLabels}).
 */
public final class LanguageAssigner {

    /** A text's metadata language and whether identification chose it. */
    public record Assignment(String language, boolean detected) {
    }

    /** What identification made of one text: its metadata language, the engine's label (null when none) and confidence. */
    public record Identified(String language, String label, double confidence) {
    }

    private final MetadataSource metadata;
    private final Supplier<? extends LidEngine> engine;
    private volatile LidEngine resolved;
    private final Map<String, String> codes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> unmapped = new ConcurrentHashMap<>();
    private final Consumer<String> onUnmapped;

    public LanguageAssigner(MetadataSource metadata, Supplier<? extends LidEngine> engine) {
        this(metadata, engine, label -> { });
    }

    /** As above; {@code onUnmapped} is told each label without metadata as it sends a text to {@code other}. */
    public LanguageAssigner(MetadataSource metadata, Supplier<? extends LidEngine> engine, Consumer<String> onUnmapped) {
        this.metadata = metadata;
        this.engine = engine;
        this.onUnmapped = onUnmapped;
    }

    public Assignment assign(String text, String inputLang) {
        if (inputLang != null && !inputLang.isBlank()) {
            return new Assignment(LanguageCodes.toMetadataCode(inputLang, metadata::has), false);
        }
        return new Assignment(identify(text).language(), true);
    }

    /** Identification alone, as {@link #assign} does it for a text without {@code lang}. */
    public Identified identify(String text) {
        LidEngine.Identification id = engine().identify(text);
        if (id.label() == null) {
            return new Identified(LanguageCodes.OTHER, null, id.confidence());
        }
        String code = codes.computeIfAbsent(id.label(), l -> LidCodeMap.toMetadataCode(l, metadata::has));
        if (code.equals(LanguageCodes.OTHER)) {
            unmapped.computeIfAbsent(id.label(), l -> new LongAdder()).increment();
            onUnmapped.accept(id.label());
        }
        return new Identified(code, id.label(), id.confidence());
    }

    /** The engine's name (builds the engine if no text has needed it yet). */
    public String engineName() {
        return engine().name();
    }

    /** How many identified texts each label without metadata sent to {@code other}, by label. */
    public Map<String, Long> unmappedLabels() {
        Map<String, Long> m = new TreeMap<>();
        unmapped.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    private LidEngine engine() {
        LidEngine e = resolved;
        if (e == null) {
            synchronized (this) {
                e = resolved;
                if (e == null) {
                    e = engine.get();
                    resolved = e;
                }
            }
        }
        return e;
    }
}
