package io.worldcurate.ingest;

import io.worldcurate.core.input.InvalidRecordException;
import io.worldcurate.core.model.Image;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipException;

/**
 * Reads the images of a Common Crawl WAT file: the WARC records are parsed with jwarc, the images
 * of each {@code metadata} record taken by {@link WatImages}. Nothing in a file stops the reading:
 * a bad record is reported to {@link Handler#reject} with the byte offset where it starts, and the
 * reading goes on with the next record.
 *
 * <p>A gzipped file ({@code *.gz}, or starting with the gzip magic bytes) is read member by member
 * ({@link GzipMembers}); the offset of a record is that of its gzip member, where a reader can seek
 * to (as in a CDX index). A member that is not valid gzip (corrupt data, CRC mismatch, cut short),
 * or that inflates to something jwarc cannot parse as WARC records, is one reject; the reading goes on
 * at the next gzip header found after its start, so bytes that are not gzip between two members are
 * skipped too (one {@code garbage} reject each time). The usual file has one record per member; a
 * member holding several records is read too, its records sharing its offset.
 *
 * <p>A file that is not gzipped is read with jwarc's own reader and the offsets are those of the
 * records. There jwarc cannot find the next record after one it cannot parse: that reject ends the
 * file (its reason says so).
 */
public final class WatReader {

    /** Slack for the WARC header and the record's trailer on top of a payload limit, for a member's limit. */
    static final int HEADER_SLACK = 64 * 1024;

    /** Where the records of a file go. */
    public interface Handler {
        /** The images of the metadata record at {@code offset}, possibly none; false stops the reading. */
        boolean images(List<Image> images, long offset) throws IOException;

        /** A record (or bytes between records) that yields nothing, with why. */
        void reject(long offset, String reason) throws IOException;

        /** Bytes of the file read so far and WARC records read, after each record. */
        default void progress(long bytesRead, long records) {
        }
    }

    /** What one file gave: WARC records read (bad ones included), images, rejects; stopped when a handler said so. */
    public record Result(long records, long images, long rejected, boolean stopped) {
    }

    private final Handler handler;
    private final int maxPayloadBytes;
    private long records;
    private long images;
    private long rejected;

    private WatReader(Handler handler, int maxPayloadBytes) {
        this.handler = handler;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /**
     * Reads one file. {@code maxPayloadBytes} bounds the payload of a metadata record (longer ones are
     * rejected as oversized without being parsed) and so the memory one record takes.
     */
    public static Result read(Path file, int maxPayloadBytes, Handler handler) throws IOException {
        WatReader r = new WatReader(handler, maxPayloadBytes);
        boolean stopped = isGzip(file) ? !r.readMembers(file) : !r.readPlain(file);
        return new Result(r.records, r.images, r.rejected, stopped);
    }

    static boolean isGzip(Path file) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            return true;
        }
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private boolean readMembers(Path file) throws IOException {
        try (GzipMembers gz = new GzipMembers(file)) {
            return readMembers(gz, false, false);
        }
    }

    /**
     * Where to go on reading a gzipped stream after a transfer fault: the offset of the first member
     * not yet handled (every member before it gave its images and rejects), and whether the bytes
     * before it were a bad member (so that the scan on from there is not reported as garbage).
     */
    public record Resume(long offset, boolean afterBadMember) {
        public static final Resume START = new Resume(0, false);
    }

    /**
     * The transfer of a stream failed (the connection broke, the body ended early): nothing of the
     * member being read was handed over; {@link #resume()} says where to start again, {@link #partial()}
     * what was read before the fault.
     */
    public static final class TransferFault extends IOException {
        private final transient Resume resume;
        private final transient Result partial;

        TransferFault(Resume resume, Result partial, TransferException cause) {
            super(cause.getMessage(), cause);
            this.resume = resume;
            this.partial = partial;
        }

        public Resume resume() {
            return resume;
        }

        public Result partial() {
            return partial;
        }
    }

    /**
     * Reads the gzip members of a stream whose first byte is at {@code from.offset()} of its file (an
     * HTTP body, from a Range request or with the bytes before skipped). A {@link TransferException} of
     * the stream (not a fault of the data: a bad member is a reject as in a file) ends it with a
     * {@link TransferFault}. With {@code endInsideMemberIsFault} (a body of unknown length, where an
     * early end cannot be told from the real one) a stream that ends inside a member is a fault too;
     * otherwise it is the reject of a file cut short, as in a local file.
     */
    public static Result readStream(ReadableByteChannel stream, Resume from, boolean endInsideMemberIsFault,
                                    int maxPayloadBytes, Handler handler) throws IOException {
        WatReader r = new WatReader(handler, maxPayloadBytes);
        try (GzipMembers gz = new GzipMembers(stream, from.offset())) {
            boolean stopped = !r.readMembers(gz, from.afterBadMember(), endInsideMemberIsFault);
            return new Result(r.records, r.images, r.rejected, stopped);
        } catch (TransferException e) {
            throw new TransferFault(new Resume(r.resumeAt, r.resumeAfterBad), new Result(r.records, r.images, r.rejected,
                    false), e);
        }
    }

    /** For a stream: where the first member not yet handled starts. */
    private long resumeAt;
    private boolean resumeAfterBad;

    private boolean readMembers(GzipMembers gz, boolean startAfterFailure, boolean endInsideMemberIsFault) throws IOException {
        int maxMember = (int) Math.min(Integer.MAX_VALUE - 16, (long) maxPayloadBytes + HEADER_SLACK);
        boolean afterFailure = startAfterFailure;
        resumeAt = gz.position();
        resumeAfterBad = afterFailure;
        while (true) {
            long before = gz.position();
            long offset = gz.seekNextMember();
            long skipped = (offset < 0 ? gz.position() : offset) - before;
            if (skipped > 0 && !afterFailure) {
                reject(before, "garbage: " + skipped + " byte" + (skipped == 1 ? "" : "s") + " that are not gzip "
                        + (offset < 0 ? "after the last record" : "before the next record") + " skipped");
            }
            if (offset < 0) {
                return true;
            }
            resumeAt = offset;
            resumeAfterBad = false;
            GzipMembers.Member m;
            try {
                m = gz.inflateMember(maxMember);
            } catch (ZipException | EOFException e) {
                if (endInsideMemberIsFault && e instanceof EOFException) {
                    throw new TransferException("the body ended inside the gzip member at offset " + offset, e);
                }
                if (afterFailure && e instanceof GzipMembers.BadHeaderException) {
                    // a gzip magic by chance inside the bytes skipped after a bad member, not a member
                    gz.seek(offset + 1);
                    resumeAt = gz.position();
                    resumeAfterBad = true;
                    continue;
                }
                // (after a bad member, a chance magic with valid flags, about once in 2^27 bytes of deflate
                // data, would be one more reject: rare enough to report every member that fails)
                records++;
                reject(offset, "bad gzip member: " + e.getMessage());
                afterFailure = true;
                gz.seek(offset + 1);
                resumeAt = gz.position();
                resumeAfterBad = true;
                continue;
            }
            afterFailure = false;
            if (m.oversized()) {
                records++;
                reject(offset, "oversized: gzip member inflates to " + m.inflatedLength()
                        + " bytes, more than the limit of " + maxMember);
            } else if (!readRecords(m.data(), offset)) {
                return false;
            }
            resumeAt = gz.position();
            handler.progress(gz.position(), records);
        }
    }

    /** The WARC records of one inflated member; false when the handler stopped the reading. */
    private boolean readRecords(byte[] data, long offset) throws IOException {
        WarcReader opened;
        try {
            opened = new WarcReader(new ByteArrayInputStream(data));
        } catch (IOException | RuntimeException e) {
            records++;
            reject(offset, "unparseable WARC record: " + message(e));
            return true;
        }
        try (WarcReader reader = opened) {
            boolean any = false;
            while (true) {
                Optional<WarcRecord> next;
                try {
                    next = reader.next();
                } catch (IOException | RuntimeException e) {
                    if (!any) {
                        records++; // otherwise the failure is in the trailer of a record already counted
                    }
                    reject(offset, "unparseable WARC record: " + message(e));
                    return true;
                }
                if (next.isEmpty()) {
                    if (!any) {
                        records++;
                        reject(offset, "unparseable WARC record: an empty gzip member");
                    }
                    return true;
                }
                any = true;
                if (!record(next.get(), offset)) {
                    return false;
                }
            }
        }
    }

    private boolean readPlain(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            WarcReader reader;
            try {
                reader = new WarcReader(ch);
            } catch (IOException | RuntimeException e) {
                records++;
                reject(0, "unparseable WARC record: " + message(e) + "; the file is skipped");
                return true;
            }
            try (reader) {
                while (true) {
                    Optional<WarcRecord> next;
                    try {
                        next = reader.next();
                    } catch (IOException | RuntimeException e) {
                        records++;
                        reject(reader.position(), "unparseable WARC record: " + message(e) + "; the rest of the file is "
                                + "skipped (an uncompressed WARC file cannot be resynchronised; a per-record gzipped one can)");
                        return true;
                    }
                    if (next.isEmpty()) {
                        return true;
                    }
                    long offset = reader.position();
                    if (!record(next.get(), offset)) {
                        return false;
                    }
                    handler.progress(offset, records);
                }
            }
        }
    }

    /** One parsed WARC record; false when the handler stopped the reading. */
    private boolean record(WarcRecord rec, long offset) throws IOException {
        records++;
        List<Image> found;
        String reason;
        try {
            if (!"metadata".equals(rec.type())) {
                return true; // warcinfo, or a request/response of a full WARC: no links
            }
            Optional<String> contentType = rec.headers().first("Content-Type");
            if (contentType.isPresent() && !isJson(contentType.get())) {
                return true; // a metadata record of another kind (e.g. application/warc-fields)
            }
            String target = rec.headers().first("WARC-Target-URI").map(WatReader::unbracket).orElse("");
            long length = rec.body().size();
            if (target.isBlank()) {
                found = null;
                reason = "malformed WAT record: missing WARC-Target-URI";
            } else if (length > maxPayloadBytes) {
                found = null;
                reason = "oversized: metadata payload of " + length + " bytes exceeds the limit of " + maxPayloadBytes;
            } else {
                byte[] json = rec.body().stream().readAllBytes();
                found = WatImages.extract(json, target);
                reason = null;
            }
        } catch (InvalidRecordException e) {
            found = null;
            reason = e.reason();
        } catch (IOException | RuntimeException e) {
            found = null;
            reason = "unparseable WARC record: " + message(e);
        }
        if (found == null) {
            reject(offset, reason);
            return true;
        }
        images += found.size();
        return handler.images(found, offset);
    }

    private void reject(long offset, String reason) throws IOException {
        rejected++;
        handler.reject(offset, reason);
    }

    private static boolean isJson(String contentType) {
        String t = contentType.trim().toLowerCase(Locale.ROOT);
        int semi = t.indexOf(';');
        if (semi >= 0) {
            t = t.substring(0, semi).trim();
        }
        return t.equals("application/json") || t.endsWith("+json") || t.equals("text/json");
    }

    /** WARC 1.1 wrote {@code <uri>} in an example by mistake; jwarc accepts both, so does this. */
    private static String unbracket(String s) {
        String t = s.trim();
        return t.length() >= 2 && t.startsWith("<") && t.endsWith(">") ? t.substring(1, t.length() - 1) : t;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replace('\n', ' ').replace('\r', ' ');
    }
}
