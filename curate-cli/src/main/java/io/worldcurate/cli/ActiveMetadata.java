package io.worldcurate.cli;

import io.worldcurate.core.metadata.MetadataReport;
import io.worldcurate.core.metadata.MetadataSource;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Which metadata a command uses: the directory of its --metadata option, else $CURATION_METADATA_DIR, else the
 * embedded set. A directory given that does not exist is an error, never a fallback to the embedded set.
 */
public final class ActiveMetadata {

    public static final String ENV = "CURATION_METADATA_DIR";

    public static final String OPTION_DESCRIPTION = "Folder of <lang>.json metadata files (default: $CURATION_METADATA_DIR "
            + "when set, else the embedded metadata set of 232 languages).";

    private ActiveMetadata() {
    }

    /** {@code option} when given, else $CURATION_METADATA_DIR when set, else null (the embedded set). */
    public static Path override(Path option) {
        if (option != null) {
            return option;
        }
        String env = System.getenv(ENV);
        return env != null && !env.isBlank() ? Path.of(env) : null;
    }

    public static MetadataSource open(Path option, Consumer<MetadataReport> reports) {
        return MetadataSource.open(override(option), reports);
    }
}
