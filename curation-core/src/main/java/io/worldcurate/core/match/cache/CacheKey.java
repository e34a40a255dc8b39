package io.worldcurate.core.match.cache;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a compiled automaton was built from: the language code, the SHA-256 of that language's metadata
 * JSON bytes, and the file format (and builder) version. Changed metadata or a new format gives another
 * key, hence another file; a file whose header holds another key is stale and never used.
 */
public record CacheKey(String language, String sha256, int formatVersion) {

    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public CacheKey {
        if (!LANGUAGE.matcher(language).matches()) {
            throw new IllegalArgumentException("language code unfit for a file name: '" + language + "'");
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a hex SHA-256: " + sha256);
        }
    }

    public static CacheKey of(String language, String sha256) {
        return new CacheKey(language, sha256, AutomatonFile.FORMAT_VERSION);
    }

    /** The cache file's name: every part of the key, so entries for other metadata never collide. */
    public String fileName() {
        return language + "-" + sha256.substring(0, 16) + ".v" + formatVersion + ".acda";
    }

    /** As stored in the file header. */
    public String text() {
        return language + " " + sha256 + " v" + formatVersion;
    }
}
