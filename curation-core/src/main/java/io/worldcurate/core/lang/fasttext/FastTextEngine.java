package io.worldcurate.core.lang.fasttext;

import io.worldcurate.core.lang.LidCodeMap;
import io.worldcurate.core.lang.LidEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fastText supervised model as a {@link LidEngine} ({@code fasttext:PATH}): lid.176, GlotLID,
 * OpenLID or any model trained with labels such as {@code __label__en} or {@code __label__eng_Latn}.
 * The label is given without its prefix and the confidence is fastText's probability.
 */
public final class FastTextEngine implements LidEngine {

    private final String name;
    private final FastTextModel model;

    public FastTextEngine(String name, FastTextModel model) {
        this.name = name;
        this.model = model;
    }

    /**
     * Loads the model at {@code path}.
     *
     * @throws IllegalArgumentException when the file is missing, unreadable or not a supervised fastText model
     */
    public static FastTextEngine load(String path) {
        Path p = Path.of(path);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("fastText model " + p.toAbsolutePath() + " does not exist or is not a file");
        }
        try {
            return new FastTextEngine("fasttext:" + path, FastTextModel.load(p));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read fastText model " + p.toAbsolutePath() + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read fastText model " + p.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    public FastTextModel model() {
        return model;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Identification identify(String text) {
        if (text == null) {
            return Identification.NONE;
        }
        FastTextModel.Prediction p = model.predict(text);
        if (p == null) {
            return Identification.NONE;
        }
        String label = p.label().startsWith(LidCodeMap.LABEL_PREFIX) ? p.label().substring(LidCodeMap.LABEL_PREFIX.length()) : p.label();
        return new Identification(label, p.probability());
    }
}
