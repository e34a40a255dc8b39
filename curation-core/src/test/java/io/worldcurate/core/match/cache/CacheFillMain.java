package io.worldcurate.core.match.cache;

import io.worldcurate.core.match.LanguageMatchers;
import io.worldcurate.core.metadata.MetadataDirectory;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A child JVM of {@link ConcurrentCacheFillTest}: loads every language of {@code args[0]} through the
 * cache in {@code args[1]} and prints, per language, its probe matches and where the automaton came from.
 */
public final class CacheFillMain {
    public static void main(String[] args) {
        MetadataDirectory md = new MetadataDirectory(Path.of(args[0]));
        LanguageMatchers m = new LanguageMatchers(md, AutomatonCache.at(Path.of(args[1]), w -> System.out.println("WARN " + w)), w -> { });
        System.out.println("LOAD " + m.loadAll(2));
        for (String lang : md.languages()) {
            StringBuilder sb = new StringBuilder("MATCH ").append(lang);
            for (String p : AutomatonCacheTest.PROBES) {
                sb.append(' ').append(Arrays.toString(m.match(lang, p)));
            }
            System.out.println(sb);
        }
    }
}
