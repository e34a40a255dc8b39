package io.worldcurate.cli;

import picocli.CommandLine;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/** The input formats {@code curate ingest} reads; named in lower case on the command line. */
enum InputFormat {
    /** One image per line in MetaCLIP's JSON form (spec section 1), gzipped or not. */
    JSONL,
    /**
     * Common Crawl WAT files ({@code *.warc.wat.gz}, one gzip member per WARC record): the images of
     * the links of each metadata record, as MetaCLIP's {@code parse_wat.py} takes them
     * ({@link io.worldcurate.ingest.WatImages}).
     */
    WAT;

    /** Whether {@code --watch} takes a file of this name: {@code *.jsonl}, {@code *.jsonl.gz}; {@code *.warc.wat.gz}. */
    boolean watches(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        return switch (this) {
            case JSONL -> n.endsWith(".jsonl") || n.endsWith(".jsonl.gz");
            case WAT -> n.endsWith(".warc.wat.gz");
        };
    }

    /** The names {@link #watches} takes, for messages. */
    String watchedNames() {
        return switch (this) {
            case JSONL -> "*.jsonl, *.jsonl.gz";
            case WAT -> "*.warc.wat.gz";
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code --format}, ignoring case; an unknown name lists the known ones. */
    static final class Converter implements CommandLine.ITypeConverter<InputFormat> {
        @Override
        public InputFormat convert(String value) {
            for (InputFormat f : values()) {
                if (f.name().equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new CommandLine.TypeConversionException("unknown input format '" + value + "', expected one of "
                    + String.join(", ", new Names()));
        }
    }

    /** The names for the help text ({@code ${COMPLETION-CANDIDATES}}). */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(InputFormat::toString).iterator();
        }
    }
}
