package io.worldcurate.metadata;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * The metadata set packaged in this jar: one gzipped {@code <code>.json} per language under
 * {@code io/worldcurate/metadata/} and a {@link MetadataManifest}. Decoding needs the JDK only.
 */
public final class EmbeddedMetadata {

    /** Where the resources are, relative to the classpath root. */
    public static final String RESOURCE_DIR = "io/worldcurate/metadata/";
    public static final String MANIFEST = "manifest.tsv";

    private static volatile MetadataManifest manifest;

    private EmbeddedMetadata() {
    }

    /** The manifest, read once. */
    public static MetadataManifest manifest() {
        MetadataManifest m = manifest;
        if (m == null) {
            try (InputStream in = resource(MANIFEST)) {
                m = MetadataManifest.read(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            manifest = m;
        }
        return m;
    }

    /** "worldcurate-metadata V": the version that fixes the embedded set's entry ids. */
    public static String name() {
        return "worldcurate-metadata " + manifest().version();
    }

    /**
     * The JSON bytes of {@code code}'s file, exactly as they were copied, streamed from the gzipped resource.
     *
     * @throws IllegalArgumentException when the set has no such language
     */
    public static InputStream open(String code) {
        if (manifest().language(code).isEmpty()) {
            throw new IllegalArgumentException("the embedded metadata (" + name() + ") has no language " + code);
        }
        try {
            return new GZIPInputStream(resource(code + ".json.gz"), 64 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded metadata of " + code, e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = EmbeddedMetadata.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name);
        if (in == null) {
            throw new IllegalStateException("resource " + RESOURCE_DIR + name + " is missing from the classpath"
                    + " (is the worldcurate metadata jar complete?)");
        }
        return in;
    }
}
