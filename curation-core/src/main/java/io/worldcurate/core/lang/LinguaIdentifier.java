package io.worldcurate.core.lang;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lingua as a {@link LidEngine} ({@code lingua-high}, {@code lingua-low}), exactly as its
 * {@code detectLanguageOf} decides, with the winner's confidence value. The detector is built on the first text that needs one
 * and there is one per settings per process ({@link #shared}): Lingua keeps its models in static
 * fields and high accuracy holds about 1.4 GB of them, so it must never be built twice.
 */
public final class LinguaIdentifier implements LidEngine {

    private static final Map<LidSettings, LinguaIdentifier> SHARED = new ConcurrentHashMap<>();

    private final LidSettings settings;
    private volatile LanguageDetector detector;

    private LinguaIdentifier(LidSettings settings) {
        this.settings = settings;
    }

    /** The process-wide identifier for these settings; nothing is loaded until it is first used. */
    public static LinguaIdentifier shared(LidSettings settings) {
        return SHARED.computeIfAbsent(settings, LinguaIdentifier::new);
    }

    public LidSettings settings() {
        return settings;
    }

    /** True once the detector has been built (some text needed identification, or {@link #preload} ran). */
    public boolean isLoaded() {
        return detector != null;
    }

    /** Builds the detector and loads every model now, as a service should before it takes traffic. */
    public void preload() {
        detector(true);
    }

    @Override
    public String name() {
        return settings.engine();
    }

    /** Lingua 1.2.2 takes a lock on every n-gram lookup: more caller threads gain nothing (lid-service README). */
    @Override
    public boolean scalesWithThreads() {
        return false;
    }

    /**
     * Lingua 1.2.2's {@code detectLanguageOf} rule, applied to the confidence values it computes
     * itself, so that the winner's confidence comes without a second pass: no values, a tie with the
     * runner-up, or a lead below the minimum relative distance give no language.
     */
    @Override
    public Identification identify(String text) {
        SortedMap<Language, Double> values = detector(false).computeLanguageConfidenceValues(text);
        if (values.isEmpty()) {
            return Identification.NONE;
        }
        Language best = values.firstKey();
        double top = values.get(best);
        if (values.size() > 1) {
            Iterator<Double> it = values.values().iterator();
            it.next();
            double second = it.next();
            if (Double.compare(top, second) == 0 || top - second < settings.minRelativeDistance()) {
                return Identification.NONE;
            }
        }
        IsoCode639_1 iso = best.getIsoCode639_1();
        return iso == IsoCode639_1.NONE || best == Language.UNKNOWN ? Identification.NONE
                : new Identification(iso.name().toLowerCase(Locale.ROOT), top);
    }

    private LanguageDetector detector(boolean preload) {
        LanguageDetector d = detector;
        if (d == null) {
            synchronized (this) {
                d = detector;
                if (d == null) {
                    d = build(settings, preload);
                    detector = d;
                }
            }
        }
        return d;
    }

    private static LanguageDetector build(LidSettings settings, boolean preload) {
        LanguageDetectorBuilder b;
        if (settings.languages().isEmpty()) {
            b = LanguageDetectorBuilder.fromAllLanguages();
        } else {
            List<IsoCode639_1> codes = new ArrayList<>();
            for (String code : settings.languages()) {
                try {
                    codes.add(IsoCode639_1.valueOf(code.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("Lingua does not know the ISO 639-1 code '" + code + "'");
                }
            }
            if (codes.size() < 2) {
                throw new IllegalArgumentException("Lingua needs at least two languages to choose among, got " + codes);
            }
            b = LanguageDetectorBuilder.fromIsoCodes639_1(codes.toArray(new IsoCode639_1[0]));
        }
        if (settings.accuracy() == null) {
            throw new IllegalArgumentException("not a Lingua engine: " + settings.engine());
        }
        if (settings.accuracy() == LidSettings.Accuracy.LOW) {
            b = b.withLowAccuracyMode();
        }
        if (settings.minRelativeDistance() > 0) {
            b = b.withMinimumRelativeDistance(settings.minRelativeDistance());
        }
        if (preload) {
            b = b.withPreloadedLanguageModels();
        }
        return b.build();
    }
}
