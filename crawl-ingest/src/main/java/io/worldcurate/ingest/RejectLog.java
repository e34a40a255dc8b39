package io.worldcurate.ingest;

import io.worldcurate.core.input.InvalidRecordException;
import io.worldcurate.core.output.CurationJson;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rejected WAT records: counted per reason kind ({@link InvalidRecordException#kindOf}), the first
 * few kept as examples, each written as {@code {"file", "offset", "reason"}} when there is a writer.
 */
public final class RejectLog {

    private final Writer out;
    private long count;
    private final Map<String, Long> byKind = new TreeMap<>();
    private final List<String> examples = new ArrayList<>();

    /** {@code out} may be null: then only counts and examples. */
    public RejectLog(Writer out) {
        this.out = out;
    }

    public void reject(Path file, long offset, String reason) throws IOException {
        reject(file.toString(), offset, reason);
    }

    /** A reject of a source named by a path or a URL. */
    public void reject(String file, long offset, String reason) throws IOException {
        count++;
        byKind.merge(InvalidRecordException.kindOf(reason), 1L, Long::sum);
        if (examples.size() < 5) {
            examples.add(example(file, offset, reason));
        }
        if (out != null) {
            out.write(line(file, offset, reason));
            out.write('\n');
        }
    }

    /** The rejects line of a WAT record: {@code {"file", "offset", "reason"}}. */
    public static String line(Path file, long offset, String reason) {
        return line(file.toString(), offset, reason);
    }

    public static String line(String file, long offset, String reason) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", file);
        r.put("offset", offset);
        r.put("reason", reason);
        return CurationJson.line(r);
    }

    /** How an example names a WAT record on stderr. */
    public static String example(Object file, long offset, String reason) {
        return file + " at offset " + offset + ": " + reason;
    }

    public long count() {
        return count;
    }

    public Map<String, Long> byKind() {
        return byKind;
    }

    public List<String> examples() {
        return examples;
    }
}
