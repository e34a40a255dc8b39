package io.worldcurate.core.lang.wclid;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labelled captions in the dev data's TSV form: a header, then {@code source, language, caption}. The
 * XTD-200 file holds 500 captions per source; {@link #split} keeps the first {@code trainPerSource} of each
 * source for training and the rest for evaluation, so that accuracy is never measured on training text.
 */
public record LabelledCaptions(List<Row> rows) {

    public record Row(String source, String language, String caption) {
    }

    public static LabelledCaptions read(Path tsv) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(tsv, StandardCharsets.UTF_8)) {
            String line = r.readLine(); // header
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                int a = line.indexOf('\t');
                int b = line.indexOf('\t', a + 1);
                if (a < 0 || b < 0) {
                    throw new IOException(tsv + ": a line without three tab-separated columns: " + line);
                }
                rows.add(new Row(line.substring(0, a), line.substring(a + 1, b), line.substring(b + 1)));
            }
        }
        return new LabelledCaptions(List.copyOf(rows));
    }

    /** The first {@code trainPerSource} rows of each source (index 0) and the others (index 1), in file order. */
    public List<LabelledCaptions> split(int trainPerSource) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<Row> train = new ArrayList<>();
        List<Row> test = new ArrayList<>();
        for (Row row : rows) {
            int k = seen.merge(row.source(), 1, Integer::sum);
            (k <= trainPerSource ? train : test).add(row);
        }
        return List.of(new LabelledCaptions(train), new LabelledCaptions(test));
    }

    public int size() {
        return rows.size();
    }
}
