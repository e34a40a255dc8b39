package io.worldcurate.core.synthetic;

import java.util.List;

/**
 * What {@link CrawlGenerator} writes. Every rate is a probability in [0, 1]; the per-text rates
 * ({@code emptyLangRate}, {@code noMetadataRate}, {@code noConceptRate}) are exclusive kinds of text, so
 * their sum must not exceed 1.
 *
 * @param images          number of image records to write (repeats included)
 * @param languages       the language mix; empty means {@link #DEFAULT_LANGUAGES} restricted to the languages
 *                        that have a metadata file
 * @param seed            the only source of randomness: same settings and metadata, same bytes
 * @param zipfExponent    exponent s of the concept frequencies: the concept of rank r is drawn with
 *                        probability proportional to r^-s (0 means uniform)
 * @param emptyLangRate   share of texts written in a metadata language but with {@code lang ""} (needs LID)
 * @param noMetadataRate  share of texts labelled with a language that has no metadata (e.g. {@code xx}, {@code tlh})
 * @param noConceptRate   share of texts without any concept (file names, camera numbers)
 * @param repeatRate      share of images that repeat the url, hence the uuid, of an earlier image, with new texts
 * @param missingUuidRate share of records written without a {@code uuid} field (the consumer derives it from the url)
 * @param objectFormRate  share of texts written as {@code {"attr", "text", "lang"}} objects instead of triples
 */
public record CrawlSettings(long images, List<LanguageWeight> languages, long seed, double zipfExponent,
                            double emptyLangRate, double noMetadataRate, double noConceptRate,
                            double repeatRate, double missingUuidRate, double objectFormRate) {

    public static final double DEFAULT_ZIPF_EXPONENT = 1.1;
    public static final double DEFAULT_EMPTY_LANG_RATE = 0.10;
    public static final double DEFAULT_NO_METADATA_RATE = 0.02;
    public static final double DEFAULT_NO_CONCEPT_RATE = 0.03;
    public static final double DEFAULT_REPEAT_RATE = 0.01;
    public static final double DEFAULT_MISSING_UUID_RATE = 0.05;
    public static final double DEFAULT_OBJECT_FORM_RATE = 0.03;

    /**
     * The 13 languages of the captions benchmark, weighted roughly like the language shares of a web
     * crawl (Common Crawl): English about 45 %, the others decreasing. In percent; they sum to 100.
     */
    public static final List<LanguageWeight> DEFAULT_LANGUAGES = List.of(
            new LanguageWeight("en", 45),
            new LanguageWeight("de", 8.5),
            new LanguageWeight("ru", 8.5),
            new LanguageWeight("zh", 7),
            new LanguageWeight("ja", 6),
            new LanguageWeight("es", 6),
            new LanguageWeight("fr", 6),
            new LanguageWeight("it", 3.5),
            new LanguageWeight("pl", 2.5),
            new LanguageWeight("nl", 2.5),
            new LanguageWeight("cs", 1.5),
            new LanguageWeight("tr", 1.5),
            new LanguageWeight("ko", 1.5));

    public CrawlSettings {
        if (images < 0) {
            throw new IllegalArgumentException("images must be >= 0, got " + images);
        }
        languages = languages == null ? List.of() : List.copyOf(languages);
        if (!(zipfExponent >= 0) || Double.isInfinite(zipfExponent)) {
            throw new IllegalArgumentException("zipf exponent must be a finite number >= 0, got " + zipfExponent);
        }
        rate("empty-lang rate", emptyLangRate);
        rate("no-metadata rate", noMetadataRate);
        rate("no-concept rate", noConceptRate);
        rate("repeat rate", repeatRate);
        rate("missing-uuid rate", missingUuidRate);
        rate("object-form rate", objectFormRate);
        if (emptyLangRate + noMetadataRate + noConceptRate > 1.0) {
            throw new IllegalArgumentException("empty-lang, no-metadata and no-concept rates sum to more than 1");
        }
    }

    private static void rate(String name, double r) {
        if (!(r >= 0 && r <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + r);
        }
    }

    /** The default mix and rates for {@code images} images from {@code seed}. */
    public static CrawlSettings defaults(long images, long seed) {
        return new CrawlSettings(images, List.of(), seed, DEFAULT_ZIPF_EXPONENT, DEFAULT_EMPTY_LANG_RATE,
                DEFAULT_NO_METADATA_RATE, DEFAULT_NO_CONCEPT_RATE, DEFAULT_REPEAT_RATE, DEFAULT_MISSING_UUID_RATE,
                DEFAULT_OBJECT_FORM_RATE);
    }

    public CrawlSettings withImages(long n) {
        return new CrawlSettings(n, languages, seed, zipfExponent, emptyLangRate, noMetadataRate, noConceptRate,
                repeatRate, missingUuidRate, objectFormRate);
    }

    public CrawlSettings withSeed(long s) {
        return new CrawlSettings(images, languages, s, zipfExponent, emptyLangRate, noMetadataRate, noConceptRate,
                repeatRate, missingUuidRate, objectFormRate);
    }

    /** An empty list restores the default mix. */
    public CrawlSettings withLanguages(List<LanguageWeight> mix) {
        return new CrawlSettings(images, mix, seed, zipfExponent, emptyLangRate, noMetadataRate, noConceptRate,
                repeatRate, missingUuidRate, objectFormRate);
    }

    public CrawlSettings withZipfExponent(double s) {
        return new CrawlSettings(images, languages, seed, s, emptyLangRate, noMetadataRate, noConceptRate,
                repeatRate, missingUuidRate, objectFormRate);
    }

    /** Sets the three exclusive kinds of special texts. */
    public CrawlSettings withTextRates(double emptyLang, double noMetadata, double noConcept) {
        return new CrawlSettings(images, languages, seed, zipfExponent, emptyLang, noMetadata, noConcept,
                repeatRate, missingUuidRate, objectFormRate);
    }

    public CrawlSettings withRecordRates(double repeat, double missingUuid, double objectForm) {
        return new CrawlSettings(images, languages, seed, zipfExponent, emptyLangRate, noMetadataRate, noConceptRate,
                repeat, missingUuid, objectForm);
    }
}
