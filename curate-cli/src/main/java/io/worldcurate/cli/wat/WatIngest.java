package io.worldcurate.cli.wat;

import io.worldcurate.core.model.Image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads WAT files in order and hands their images and rejects to a sink: {@code curate ingest --format wat}. */
public final class WatIngest {

    /** Where the images go: a Kafka producer or a JSONL file. */
    public interface ImageSink {
        /** One image of the record at {@code offset} of {@code file}; false when the sink has failed and reading must stop. */
        boolean accept(Image image, Path file, long offset) throws IOException;

        /** A record of {@code file} at {@code offset} that yields nothing. */
        void reject(Path file, long offset, String reason) throws IOException;

        /** Progress over all files: the fraction of their bytes read, and WARC records read. */
        default void progress(double fraction, long records) {
        }
    }

    /** Totals over the files: WARC records read, images found, rejects reported by the reader; stopped when the sink failed. */
    public record Totals(long records, long images, long rejected, boolean stopped) {
    }

    private WatIngest() {
    }

    /** The default bound on a metadata record's payload when {@code --max-record-bytes} is not given. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 16 << 20;

    public static Totals run(List<Path> files, int maxPayloadBytes, ImageSink sink) throws IOException {
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        long totalBytes = Math.max(total, 1);
        long records = 0;
        long images = 0;
        long rejected = 0;
        long before = 0;
        for (Path file : files) {
            long recordsBefore = records;
            long base = before;
            WatReader.Result r = WatReader.read(file, maxPayloadBytes, new WatReader.Handler() {
                @Override
                public boolean images(List<Image> found, long offset) throws IOException {
                    for (Image image : found) {
                        if (!sink.accept(image, file, offset)) {
                            return false;
                        }
                    }
                    return true;
                }

                @Override
                public void reject(long offset, String reason) throws IOException {
                    sink.reject(file, offset, reason);
                }

                @Override
                public void progress(long bytesRead, long recordsRead) {
                    sink.progress(Math.min(1.0, (double) (base + bytesRead) / totalBytes), recordsBefore + recordsRead);
                }
            });
            records += r.records();
            images += r.images();
            rejected += r.rejected();
            before += Files.size(file);
            sink.progress(Math.min(1.0, (double) before / totalBytes), records);
            if (r.stopped()) {
                return new Totals(records, images, rejected, true);
            }
        }
        return new Totals(records, images, rejected, false);
    }
}
