package io.worldcurate.core.batch;

/** Told how a batch run is going; called from one thread at a time. */
public interface BatchProgress {

    BatchProgress NONE = new BatchProgress() {
    };

    /** Pass 1 (identify, match, count): {@code records} read so far, {@code fileBytes} of {@code totalFileBytes}. */
    default void indexing(long records, long fileBytes, long totalFileBytes) {
    }

    /** Pass 2 (decide): {@code images} of {@code total} matched images decided. */
    default void deciding(long images, long total) {
    }

    /** Every language's automaton is loaded (before any input is read). */
    default void matchersLoaded(io.worldcurate.core.match.LanguageMatchers.LoadSummary summary) {
    }

    /** A metadata file had blank or repeated entries, a language without metadata was met, or the compiled cache had a problem. */
    default void warning(String message) {
    }

    default void finished(BatchResult result) {
    }
}
