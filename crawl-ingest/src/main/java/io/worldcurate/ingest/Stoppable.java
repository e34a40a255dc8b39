package io.worldcurate.ingest;

/** A long-running command that can be asked to stop cleanly (what Ctrl-C does through a shutdown hook). */
public interface Stoppable {

    /** Asks it to stop at the next safe point and return; does not wait. */
    void requestStop();
}
