package io.worldcurate.core.synthetic;

import io.worldcurate.core.decide.CurationHash;
import io.worldcurate.core.lang.LanguageCodes;
import io.worldcurate.core.metadata.MetadataSource;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a realistic synthetic crawl in MetaCLIP's image form, for demos, tests and benchmarks.
 *
 * <p>Each image draws a language from the mix, then 1 to 3 texts (attributes {@code alt},
 * {@code title}, {@code data-image-title}). A text is, exclusively: with {@code noMetadataRate} made-up
 * words labelled {@code xx} or {@code tlh}; with {@code noConceptRate} a file name or number labelled with
 * the image's language; with {@code emptyLangRate} concepts of the image's language with {@code lang ""};
 * otherwise concepts labelled with their language. Concept texts hold 1 to 3 metadata entries drawn
 * from a Zipf distribution over a fixed shuffle of the usable entries, joined by filler words of the
 * language (directly, without spaces, for zh, ja, th, lo, my, km, bo, yue, dz). The uuid is MetaCLIP's
 * SHA-224 uuid of the url, left out of {@code missingUuidRate} of the records; {@code repeatRate} of the
 * images reuse the url (so the uuid) of one of the last 4096 images, with new texts.
 *
 * <p>Everything random comes from one {@link SplittableRandom} seeded with {@link CrawlSettings#seed()}:
 * same settings and metadata, byte-identical output. Memory does not grow with the number of images.
 * An instance is immutable after construction and may be shared; each {@link #images()} or
 * {@link #write} starts the sequence again from the seed.
 */
public final class CrawlGenerator {

    /** Language codes for texts whose language has no metadata, used when they map to {@code other}. */
    static final List<String> NO_METADATA_CODES = List.of("xx", "tlh", "zxx");
    static final String[] ATTRS = {"alt", "title", "data-image-title"};
    private static final int RING = 4096;
    private static final int PROGRESS_EVERY = 4096;
    private static final String[] URL_DIRS = {"images", "uploads", "media", "wp-content/uploads/2019/05",
        "wp-content/uploads/2023/11", "photos", "assets/img", "static/pics", "files", "cache/thumbs"};
    private static final String[] EXTENSIONS = {"jpg", "png", "jpeg", "webp", "gif"};
    private static final double[] EXTENSION_CDF = {0.70, 0.85, 0.92, 0.97, 1.0};
    private static final String[] PSEUDO_SYLLABLES = {"tlh", "Qa", "pla'", "ngan", "Hol", "vaj", "jagh", "bIj",
        "qet", "loD", "puq", "yIn", "Suv", "ghaH", "mIw", "Duj", "wa'", "cha'", "vagh", "Sosh"};
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int[] NO_IDS = new int[0];
    private static final int SITES = 20000;

    private final CrawlSettings settings;
    private final List<LanguageWeight> mix;
    private final double[] mixCdf;
    private final ConceptPool[] pools;
    private final Phrasebook[] books;
    private final String[] noMetadataCodes;

    /**
     * Loads the metadata of every language of the mix and prepares its concepts.
     *
     * @throws IllegalArgumentException when a language of {@code settings} has no metadata file or no usable
     *                                  entry, or when no default language has a metadata file
     */
    public CrawlGenerator(MetadataSource metadata, CrawlSettings settings) {
        this.settings = settings;
        List<LanguageWeight> requested;
        if (settings.languages().isEmpty()) {
            requested = new ArrayList<>();
            for (LanguageWeight w : CrawlSettings.DEFAULT_LANGUAGES) {
                if (metadata.has(w.language())) {
                    requested.add(w);
                }
            }
            if (requested.isEmpty()) {
                throw new IllegalArgumentException("none of the default languages ("
                        + String.join(", ", CrawlSettings.DEFAULT_LANGUAGES.stream().map(LanguageWeight::language).toList())
                        + ") has a metadata file in " + metadata.description() + "; choose languages that do");
            }
        } else {
            requested = settings.languages();
            for (LanguageWeight w : requested) {
                if (!metadata.has(w.language())) {
                    throw new IllegalArgumentException("no metadata file " + w.language() + ".json in " + metadata.description());
                }
            }
        }
        double total = 0;
        for (LanguageWeight w : requested) {
            total += w.weight();
        }
        List<LanguageWeight> normalised = new ArrayList<>(requested.size());
        mixCdf = new double[requested.size()];
        pools = new ConceptPool[requested.size()];
        books = new Phrasebook[requested.size()];
        double running = 0;
        for (int i = 0; i < requested.size(); i++) {
            LanguageWeight w = requested.get(i);
            normalised.add(new LanguageWeight(w.language(), w.weight() / total));
            running += w.weight();
            mixCdf[i] = running / total;
            pools[i] = ConceptPool.build(metadata.get(w.language()), settings.zipfExponent());
            if (pools[i].size() == 0) {
                throw new IllegalArgumentException("metadata " + w.language() + ".json in " + metadata.description()
                        + " has no entry that can match (all blank or containing , . ; : ? ! `)");
            }
            books[i] = Phrasebook.of(w.language());
        }
        mixCdf[mixCdf.length - 1] = 1.0;
        mix = List.copyOf(normalised);
        noMetadataCodes = NO_METADATA_CODES.stream()
                .filter(c -> LanguageCodes.OTHER.equals(LanguageCodes.toMetadataCode(c, metadata::has)))
                .toArray(String[]::new);
    }

    public CrawlSettings settings() {
        return settings;
    }

    /** The languages of the crawl with their shares of the images (summing to 1), in the order drawn. */
    public List<LanguageWeight> languageMix() {
        return mix;
    }

    /** The generated images, {@code settings().images()} of them, from the start of the seed's sequence. */
    public Iterator<GeneratedImage> images() {
        return new Run();
    }

    public Stream<GeneratedImage> stream() {
        return StreamSupport.stream(Spliterators.spliterator(images(), settings.images(),
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.SIZED), false);
    }

    /**
     * Writes the crawl to {@code file} as JSONL, gzipped (fastest level) when its name ends in {@code .gz}, creating
     * missing parent folders.
     *
     * @param progress told the number of images written every few thousand images and at the end
     */
    public CrawlSummary write(Path file, LongConsumer progress) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean gzip = file.getFileName().toString().endsWith(".gz");
        try (OutputStream raw = Files.newOutputStream(file)) {
            OutputStream out = gzip ? new FastGzip(raw) : new BufferedOutputStream(raw, 1 << 16);
            CrawlSummary s = write(out, progress);
            out.close();
            return new CrawlSummary(file, s.images(), s.texts(), s.repeatedUuids(), s.withoutUuid(),
                    s.objectFormTexts(), s.imagesByLanguage(), s.textsByKind(), s.bytes());
        }
    }

    /** Writes the crawl as UTF-8 JSONL to {@code out}, which is flushed but not closed. */
    public CrawlSummary write(OutputStream out, LongConsumer progress) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        long[] byLanguage = new long[mix.size()];
        long[] byKind = new long[TextKind.values().length];
        long images = 0;
        long texts = 0;
        long repeats = 0;
        long withoutUuid = 0;
        long objectForm = 0;
        long chars = 0;
        StringBuilder line = new StringBuilder(512);
        Run run = new Run();
        while (run.hasNext()) {
            GeneratedImage img = run.next();
            line.setLength(0);
            CrawlJson.append(line, img);
            line.append('\n');
            w.append(line);
            chars += utf8Length(line);
            images++;
            byLanguage[run.lastLanguage]++;
            texts += img.texts().size();
            if (img.repeat()) {
                repeats++;
            }
            if (!img.uuidWritten()) {
                withoutUuid++;
            }
            for (GeneratedText t : img.texts()) {
                byKind[t.kind().ordinal()]++;
                if (t.objectForm()) {
                    objectForm++;
                }
            }
            if (images % PROGRESS_EVERY == 0) {
                progress.accept(images);
            }
        }
        w.flush();
        progress.accept(images);
        Map<String, Long> langs = new LinkedHashMap<>();
        for (int i = 0; i < mix.size(); i++) {
            langs.put(mix.get(i).language(), byLanguage[i]);
        }
        Map<TextKind, Long> kinds = new EnumMap<>(TextKind.class);
        for (TextKind k : TextKind.values()) {
            kinds.put(k, byKind[k.ordinal()]);
        }
        return new CrawlSummary(null, images, texts, repeats, withoutUuid, objectForm, langs, kinds, chars);
    }

    /** The JSON line of {@code image}, without the line feed, exactly as {@link #write} writes it. */
    public static String toJson(GeneratedImage image) {
        StringBuilder sb = new StringBuilder(256);
        CrawlJson.append(sb, image);
        return sb.toString();
    }

    private static long utf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** SplitMix64's finaliser: a bijection of the 64-bit integers, so distinct inputs give distinct tokens. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** One pass over the crawl: the state that advances from image to image. */
    private final class Run implements Iterator<GeneratedImage> {
        private final SplittableRandom rng = new SplittableRandom(settings.seed());
        private final long salt = rng.nextLong();
        private final String[] ringUrl = new String[RING];
        private final int[] ringLanguage = new int[RING];
        private final int[] ringSite = new int[RING];
        private int ringSize;
        private int ringNext;
        private long produced;
        private int lastLanguage;
        private final StringBuilder text = new StringBuilder(128);
        private final int[] ranks = new int[3];

        @Override
        public boolean hasNext() {
            return produced < settings.images();
        }

        @Override
        public GeneratedImage next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            long ordinal = produced++;
            String url;
            int language;
            int site;
            boolean repeat = ringSize > 0 && rng.nextDouble() < settings.repeatRate();
            if (repeat) {
                int k = rng.nextInt(ringSize);
                url = ringUrl[k];
                language = ringLanguage[k];
                site = ringSite[k];
            } else {
                language = drawLanguage();
                site = rng.nextInt(SITES);
                url = url(ordinal, site);
                ringUrl[ringNext] = url;
                ringLanguage[ringNext] = language;
                ringSite[ringNext] = site;
                ringNext = (ringNext + 1) % RING;
                ringSize = Math.min(ringSize + 1, RING);
            }
            lastLanguage = language;
            String pageUrl = pageUrl(site, language);
            boolean uuidWritten = rng.nextDouble() >= settings.missingUuidRate();
            int n = textCount();
            List<GeneratedText> texts = new ArrayList<>(n);
            String[] attrs = attrs(n);
            for (int i = 0; i < n; i++) {
                texts.add(text(attrs[i], language));
            }
            return new GeneratedImage(CurationHash.uuidOf(url), uuidWritten, url, pageUrl, repeat,
                    mix.get(language).language(), Collections.unmodifiableList(texts));
        }

        private int drawLanguage() {
            double u = rng.nextDouble();
            for (int i = 0; i < mixCdf.length; i++) {
                if (u < mixCdf[i]) {
                    return i;
                }
            }
            return mixCdf.length - 1;
        }

        /** 1, 2 or 3 texts with probabilities 0.50, 0.33, 0.17 (mean 1.67). */
        private int textCount() {
            double u = rng.nextDouble();
            return u < 0.50 ? 1 : u < 0.83 ? 2 : 3;
        }

        private String[] attrs(int n) {
            double u = rng.nextDouble();
            if (n == 1) {
                return new String[] {u < 0.80 ? ATTRS[0] : u < 0.92 ? ATTRS[1] : ATTRS[2]};
            }
            if (n == 2) {
                return u < 0.70 ? new String[] {ATTRS[0], ATTRS[1]}
                        : u < 0.90 ? new String[] {ATTRS[0], ATTRS[2]} : new String[] {ATTRS[1], ATTRS[2]};
            }
            return ATTRS.clone();
        }

        private GeneratedText text(String attr, int language) {
            double u = rng.nextDouble();
            boolean objectForm = rng.nextDouble() < settings.objectFormRate();
            String code = mix.get(language).language();
            double noMetadata = noMetadataCodes.length == 0 ? 0 : settings.noMetadataRate();
            if (u < noMetadata) {
                return new GeneratedText(attr, pseudoWords(), noMetadataCodes[rng.nextInt(noMetadataCodes.length)],
                        TextKind.NO_METADATA, null, NO_IDS, objectForm);
            }
            u -= noMetadata;
            if (u < settings.noConceptRate()) {
                return new GeneratedText(attr, noConcept(), code, TextKind.NO_CONCEPT, null, NO_IDS, objectForm);
            }
            u -= settings.noConceptRate();
            boolean unlabelled = u < settings.emptyLangRate();
            int[] ids = concepts(language, unlabelled ? 2 : 1);
            return new GeneratedText(attr, text.toString(), unlabelled ? "" : code,
                    unlabelled ? TextKind.UNLABELLED : TextKind.LABELLED, code, ids, objectForm);
        }

        /**
         * Builds a caption of 1 to 3 (at least {@code min}) distinct concepts in {@link #text} and returns
         * their entry ids, ascending.
         */
        private int[] concepts(int language, int min) {
            ConceptPool pool = pools[language];
            Phrasebook book = books[language];
            double u = rng.nextDouble();
            int k = Math.max(min, u < 0.45 ? 1 : u < 0.80 ? 2 : 3);
            text.setLength(0);
            if (book.prefixes.length > 0 && rng.nextDouble() < 0.30) {
                Phrasebook.join(text, Phrasebook.pick(book.prefixes, rng), book.spaced);
            }
            int placed = 0;
            for (int c = 0; c < k; c++) {
                int rank = distinctRank(pool, placed);
                if (rank < 0) {
                    continue;
                }
                if (placed > 0 && book.connectors.length > 0 && rng.nextDouble() < 0.75) {
                    Phrasebook.join(text, Phrasebook.pick(book.connectors, rng), book.spaced);
                }
                Phrasebook.join(text, pool.concept(rank), book.spaced);
                ranks[placed++] = rank;
            }
            if (book.suffixes.length > 0 && rng.nextDouble() < 0.20) {
                Phrasebook.join(text, Phrasebook.pick(book.suffixes, rng), book.spaced);
            }
            int[] ids = new int[placed];
            for (int i = 0; i < placed; i++) {
                ids[i] = pool.entryId(ranks[i]);
            }
            Arrays.sort(ids);
            return ids;
        }

        /** A rank not yet placed in this text, or -1 after 16 draws that all repeat one. */
        private int distinctRank(ConceptPool pool, int placed) {
            for (int attempt = 0; attempt < 16; attempt++) {
                int r = pool.sample(rng);
                boolean seen = false;
                for (int i = 0; i < placed; i++) {
                    if (ranks[i] == r) {
                        seen = true;
                        break;
                    }
                }
                if (!seen) {
                    return r;
                }
            }
            return -1;
        }

        private String noConcept() {
            int form = rng.nextInt(6);
            return switch (form) {
                case 0 -> "IMG_" + pad(rng.nextInt(10000), 4) + ".jpg";
                case 1 -> "DSC" + pad(rng.nextInt(100000), 5) + ".JPG";
                case 2 -> "P" + pad(rng.nextInt(10_000_000), 7) + ".JPG";
                case 3 -> date() + "_" + pad(rng.nextInt(240000), 6) + ".jpg";
                case 4 -> "Screenshot_" + date() + "-" + pad(rng.nextInt(240000), 6) + ".png";
                default -> Long.toString(1_000_000_000L + rng.nextLong(9_000_000_000L));
            };
        }

        private String date() {
            return (2005 + rng.nextInt(20)) + pad(1 + rng.nextInt(12), 2) + pad(1 + rng.nextInt(28), 2);
        }

        private String pseudoWords() {
            int words = 2 + rng.nextInt(3);
            StringBuilder sb = new StringBuilder(32);
            for (int w = 0; w < words; w++) {
                if (w > 0) {
                    sb.append(' ');
                }
                int syllables = 1 + rng.nextInt(3);
                for (int s = 0; s < syllables; s++) {
                    sb.append(PSEUDO_SYLLABLES[rng.nextInt(PSEUDO_SYLLABLES.length)]);
                }
            }
            return sb.toString();
        }

        private String url(long ordinal, int site) {
            double e = rng.nextDouble();
            int ext = 0;
            while (e >= EXTENSION_CDF[ext] && ext < EXTENSIONS.length - 1) {
                ext++;
            }
            StringBuilder sb = new StringBuilder(96);
            sb.append("https://cdn").append(1 + (site & 3)).append(".site").append(site).append(".example/")
                    .append(URL_DIRS[rng.nextInt(URL_DIRS.length)]).append('/');
            long token = mix64(salt + ordinal); // unique per image of this crawl
            for (int shift = 60; shift >= 0; shift -= 4) {
                sb.append(HEX[(int) (token >>> shift) & 0xF]);
            }
            return sb.append('.').append(EXTENSIONS[ext]).toString();
        }

        private String pageUrl(int site, int language) {
            return "https://www.site" + site + ".example/" + mix.get(language).language()
                    + "/article-" + rng.nextInt(1_000_000) + ".html";
        }
    }

    /** Gzip at {@link Deflater#BEST_SPEED}: twice as fast as the default level, files about 15 % larger. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    private static String pad(int v, int width) {
        String s = Integer.toString(v);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

}
