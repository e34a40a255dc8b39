package io.worldcurate.cli;

import picocli.CommandLine;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/** The output formats {@code curate export} writes; named in lower case on the command line. */
enum ExportFormat {
    /** One JSON object per record and line (see {@link AvroJson}). */
    JSONL,
    /** Curated images only: a {@code url<TAB>caption} header, then one image per line, for img2dataset. */
    TSV;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code --format}, ignoring case; an unknown name lists the known ones. */
    static final class Converter implements CommandLine.ITypeConverter<ExportFormat> {
        @Override
        public ExportFormat convert(String value) {
            for (ExportFormat f : values()) {
                if (f.name().equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new CommandLine.TypeConversionException("unknown export format '" + value + "', expected one of "
                    + String.join(", ", new Names()));
        }
    }

    /** The names for the help text ({@code ${COMPLETION-CANDIDATES}}). */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(ExportFormat::toString).iterator();
        }
    }
}
