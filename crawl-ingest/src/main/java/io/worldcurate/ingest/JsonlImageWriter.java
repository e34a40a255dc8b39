package io.worldcurate.ingest;

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
 *
 * <p>Between {@link #beginFile()} and {@link #commitFile()} the lines go to a side file
 * ({@code FILE.part}) that is appended to the output only when the input file was read to its end;
 * {@link #abortFile()} drops them, so an input file that fails half-way leaves nothing in the output.
 */
public final class JsonlImageWriter implements AutoCloseable {

    private final Path target;
    private final Path temporary;
    private final Writer out;
    private final Path sidePath;
    private long written;
    private boolean committed;
    private Writer side;
    private long sideLines;

    public JsonlImageWriter(Path target) throws IOException {
        this.target = target;
        this.temporary = target.resolveSibling(target.getFileName() + ".tmp");
        this.sidePath = target.resolveSibling(target.getFileName() + ".part");
        OutputStream raw = Files.newOutputStream(temporary);
        if (target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            raw = new GZIPOutputStream(raw, 1 << 16);
        }
        this.out = new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8), 1 << 16);
    }

    /** One image as one line. */
    public void write(Image image) throws IOException {
        if (side != null) {
            side.write(line(image));
            side.write('\n');
            sideLines++;
            return;
        }
        out.write(line(image));
        out.write('\n');
        written++;
    }

    /** The lines written from now on are kept aside until {@link #commitFile()} or {@link #abortFile()}. */
    public void beginFile() throws IOException {
        abortFile();
        side = Files.newBufferedWriter(sidePath, StandardCharsets.UTF_8);
        sideLines = 0;
    }

    /** Appends the lines kept aside to the output. */
    public void commitFile() throws IOException {
        if (side == null) {
            return;
        }
        side.close();
        side = null;
        try (java.io.Reader r = Files.newBufferedReader(sidePath, StandardCharsets.UTF_8)) {
            r.transferTo(out);
        }
        written += sideLines;
        sideLines = 0;
        Files.deleteIfExists(sidePath);
    }

    /** Drops the lines kept aside. */
    public void abortFile() throws IOException {
        if (side != null) {
            side.close();
            side = null;
        }
        sideLines = 0;
        Files.deleteIfExists(sidePath);
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
        abortFile();
        if (!committed) {
            try {
                out.close();
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
