package io.worldcurate.cli.wat;

import io.worldcurate.core.model.Image;
import io.worldcurate.core.model.ImageText;
import io.worldcurate.core.output.CurationJson;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes images as JSON lines in MetaCLIP's form,
 * {@code {"uuid", "url", "page_url", "texts": [[attr, text, lang], ...]}}, the form {@code curate batch}
 * and {@code curate ingest --format jsonl} read. The file is written as {@code FILE.tmp} and renamed
 * to {@code FILE} by {@link #commit()}, so a reader never sees half a file; gzipped when the name ends
 * in {@code .gz}.
 */
public final class JsonlImageWriter implements AutoCloseable {

    private final Path target;
    private final Path temporary;
    private final Writer out;
    private long written;
    private boolean committed;

    public JsonlImageWriter(Path target) throws IOException {
        this.target = target;
        this.temporary = target.resolveSibling(target.getFileName() + ".tmp");
        OutputStream raw = Files.newOutputStream(temporary);
        if (target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            raw = new GZIPOutputStream(raw, 1 << 16);
        }
        this.out = new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8), 1 << 16);
    }

    /** One image as one line. */
    public void write(Image image) throws IOException {
        out.write(line(image));
        out.write('\n');
        written++;
    }

    /** The line of an image, without its newline. */
    public static String line(Image image) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uuid", image.uuid());
        m.put("url", image.url());
        m.put("page_url", image.pageUrl());
        List<List<String>> texts = new ArrayList<>(image.texts().size());
        for (ImageText t : image.texts()) {
            texts.add(Arrays.asList(t.attr(), t.text(), t.lang() == null ? "" : t.lang()));
        }
        m.put("texts", texts);
        return CurationJson.line(m);
    }

    public long written() {
        return written;
    }

    public Path target() {
        return target;
    }

    /** Finishes the file and renames it to its name. */
    public void commit() throws IOException {
        out.close();
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
    }

    /** Without {@link #commit()}: drops the temporary file. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                out.close();
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
