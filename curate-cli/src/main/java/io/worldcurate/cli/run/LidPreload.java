package io.worldcurate.cli.run;

import io.worldcurate.core.lang.LidEngine;
import io.worldcurate.core.lang.LidEngines;
import io.worldcurate.core.lang.LidSettings;
import io.worldcurate.core.lang.LinguaIdentifier;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Loads the language identification engine on its own thread while the rest of a run sets up, as lid-service
 * does before it takes traffic: loaded lazily, it would stall lid's stream thread at the first text without a
 * language, mid-pipeline.
 */
public final class LidPreload {

    private final CompletableFuture<LidEngine> loaded;

    private LidPreload(CompletableFuture<LidEngine> loaded) {
        this.loaded = loaded;
    }

    public static LidPreload start(LidSettings settings) {
        CompletableFuture<LidEngine> loaded = new CompletableFuture<>();
        Thread loader = new Thread(() -> {
            try {
                LidEngine engine = LidEngines.shared(settings);
                if (engine instanceof LinguaIdentifier lingua) {
                    lingua.preload();
                }
                loaded.complete(engine);
            } catch (Throwable t) {
                loaded.completeExceptionally(t);
            }
        }, "lid-preload");
        loader.setDaemon(true);
        loader.start();
        return new LidPreload(loaded);
    }

    /** Waits for the engine; its load failure, if any, is thrown here. @return the seconds waited */
    public double await() {
        long t0 = System.nanoTime();
        try {
            loaded.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
