package io.worldcurate.core.lang;

import io.worldcurate.core.lang.fasttext.FastTextEngine;
import io.worldcurate.core.lang.wclid.WcLid;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engines by name, as {@code --lid} and {@code curation.lid.engine} take them: a plain map from a
 * name to a factory. A name is either a registered name ({@code lingua-high}) or a registered prefix,
 * a colon and an argument ({@code fasttext:/models/lid.176.ftz}).
 */
public final class LidEngines {

    /** Builds an engine from the part of its name after the colon (empty when none) and the settings. */
    @FunctionalInterface
    public interface Factory {
        LidEngine create(String argument, LidSettings settings);
    }

    /** The engine used when none is named. */
    public static final String DEFAULT = WcLid.NAME;

    private static final Map<String, String> ALIASES = Map.of("high", "lingua-high", "low", "lingua-low");

    /** Name (or prefix before ':') to factory, in the order {@code --help} lists them. */
    private static final Map<String, Factory> FACTORIES = factories();

    private static final Map<LidSettings, LidEngine> SHARED = new ConcurrentHashMap<>();

    private LidEngines() {
    }

    private static Map<String, Factory> factories() {
        Map<String, Factory> m = new LinkedHashMap<>();
        m.put("lingua-high", (arg, s) -> LinguaIdentifier.shared(s));
        m.put("lingua-low", (arg, s) -> LinguaIdentifier.shared(s));
        m.put(WcLid.NAME, (arg, s) -> wcLid(WcLid.shared()));
        m.put("fasttext", (arg, s) -> FastTextEngine.load(arg));
        return m;
    }

    /** wc-lid as an engine: its own thread-safe detection, labels ISO 639-1 or metadata codes. */
    static LidEngine wcLid(WcLid lid) {
        return new LidEngine() {
            @Override
            public String name() {
                return WcLid.NAME;
            }

            @Override
            public Identification identify(String text) {
                WcLid.Detection d = lid.detect(text);
                return d.language() == null ? Identification.NONE : new Identification(d.language(), d.confidence());
            }
        };
    }

    /** The names {@code --lid} takes, for help texts. */
    public static final String HELP = "wc-lid (a trained character n-gram model for 188 languages, with Lingua high's decision "
            + "over one fused table where it is unsure), lingua-high (alias high), lingua-low (alias low), "
            + "fasttext:PATH (a fastText supervised model, .bin or .ftz)";

    /** The names {@code --lid} takes, for messages. */
    public static String describe() {
        return HELP;
    }

    /**
     * The canonical form of an engine's name: aliases resolved, Lingua's names lower-cased.
     *
     * @throws IllegalArgumentException naming the known engines when the name is none of them
     */
    public static String normalise(String name) {
        if (name == null || name.isBlank()) {
            return DEFAULT;
        }
        String n = name.trim();
        int colon = n.indexOf(':');
        String head = (colon < 0 ? n : n.substring(0, colon)).toLowerCase(Locale.ROOT);
        if (colon < 0) {
            head = ALIASES.getOrDefault(head, head);
            if (FACTORIES.containsKey(head) && !takesArgument(head)) {
                return head;
            }
        } else if (FACTORIES.containsKey(head) && takesArgument(head) && colon < n.length() - 1) {
            return head + n.substring(colon);
        }
        throw new IllegalArgumentException("unknown language identification engine '" + name + "'; known: " + describe());
    }

    private static boolean takesArgument(String head) {
        return head.equals("fasttext");
    }

    /** A new engine for these settings (loads its model now). */
    public static LidEngine create(LidSettings settings) {
        String name = settings.engine();
        int colon = name.indexOf(':');
        String head = colon < 0 ? name : name.substring(0, colon);
        String arg = colon < 0 ? "" : name.substring(colon + 1);
        return FACTORIES.get(head).create(arg, settings);
    }

    /**
     * The process-wide engine for these settings, created on first use: models are large (Lingua high
     * holds about 1.4 GB), so one engine per settings serves every thread.
     */
    public static LidEngine shared(LidSettings settings) {
        LidEngine e = SHARED.get(settings);
        if (e != null) {
            return e;
        }
        synchronized (SHARED) {
            return SHARED.computeIfAbsent(settings, LidEngines::create);
        }
    }
}
