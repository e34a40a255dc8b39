package io.worldcurate.cli;

import picocli.CommandLine;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/** The input formats {@code curate ingest} reads; named in lower case on the command line. */
enum InputFormat {
    /** One image per line in MetaCLIP's JSON form (spec section 1), gzipped or not. */
    JSONL;

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
