package io.worldcurate.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * A listing of WAT files, as Common Crawl publishes one per crawl
 * ({@code crawl-data/CC-MAIN-2024-51/wat.paths.gz}): gzipped or plain text, one path per line,
 * relative to a prefix ({@link #COMMON_CRAWL}, or a local folder). Blank lines and lines starting
 * with {@code #} are skipped; a line that already is an http(s) URL is taken as it is.
 */
public final class WatListing {

    /** Common Crawl's public HTTPS endpoint, which its listings' paths are relative to. */
    public static final String COMMON_CRAWL = "https://data.commoncrawl.org/";

    private WatListing() {
    }

    /** The WAT files of the listing {@code arg} (a path or a URL), each relative to {@code prefix}. */
    public static List<WatSource> read(String arg, String prefix, HttpFiles http, RetryPolicy retry, Consumer<String> log)
            throws IOException {
        byte[] raw = WatSource.isUrl(arg) ? http.readAll(WatSource.uri(arg), retry, log) : Files.readAllBytes(Path.of(arg));
        return parse(raw, prefix);
    }

    static List<WatSource> parse(byte[] raw, String prefix) throws IOException {
        byte[] text = raw;
        if (raw.length >= 2 && (raw[0] & 0xFF) == 0x1f && (raw[1] & 0xFF) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                text = in.readAllBytes();
            }
        }
        List<WatSource> out = new ArrayList<>();
        for (String line : new String(text, StandardCharsets.UTF_8).split("\n")) {
            String p = line.strip();
            if (p.isEmpty() || p.startsWith("#")) {
                continue;
            }
            out.add(resolve(p, prefix));
        }
        return out;
    }

    /** A listed path against the prefix: a URL prefix gives a URL, a folder gives a local file. */
    static WatSource resolve(String path, String prefix) {
        if (WatSource.isUrl(path)) {
            return WatSource.remote(WatSource.uri(path));
        }
        String rel = path.startsWith("/") ? path.substring(1) : path;
        if (WatSource.isUrl(prefix)) {
            String base = prefix.endsWith("/") ? prefix : prefix + "/";
            return WatSource.remote(URI.create(base + rel));
        }
        return WatSource.local(Path.of(prefix).resolve(rel));
    }
}
