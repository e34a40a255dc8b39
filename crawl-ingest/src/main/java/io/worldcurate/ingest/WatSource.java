package io.worldcurate.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/** A WAT file to ingest: a local file, or an http(s) URL read as a stream. */
public record WatSource(String name, Path path, URI uri) {

    public static WatSource local(Path path) {
        return new WatSource(path.toString(), path, null);
    }

    public static WatSource remote(URI uri) {
        return new WatSource(uri.toString(), null, uri);
    }

    /** An argument: an {@code http://} or {@code https://} URL, else a local path. */
    public static WatSource of(String arg) {
        return isUrl(arg) ? remote(uri(arg)) : local(Path.of(arg));
    }

    public boolean remote() {
        return uri != null;
    }

    public static boolean isUrl(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.startsWith("http://") || l.startsWith("https://");
    }

    /** A listing of WAT files rather than a WAT file: Common Crawl's {@code wat.paths.gz} (or any {@code *.paths[.gz]}). */
    public static boolean isListing(String arg) {
        String l = arg.toLowerCase(Locale.ROOT);
        int q = l.indexOf('?');
        String p = q < 0 ? l : l.substring(0, q);
        return p.endsWith(".paths.gz") || p.endsWith(".paths");
    }

    static URI uri(String s) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL: " + s + " (" + e.getReason() + ")", e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
