package io.worldcurate.core.metadata;

import java.nio.file.Path;

/**
 * What loading one metadata file found worth telling: blank entries (they never match) and strings
 * repeated in the file (they match under their first id only).
 */
public record MetadataReport(String language, Path file, int entries, int blankEntries, int repeatedEntries) {

    public boolean hasFindings() {
        return blankEntries > 0 || repeatedEntries > 0;
    }

    @Override
    public String toString() {
        return file.getFileName() + ": " + entries + " entries, " + blankEntries + " blank (never match), "
                + repeatedEntries + " repeated (match under their first id only)";
    }
}
