package io.worldcurate.core.model;

/**
 * An admitted image with its chosen text (spec section 9).
 *
 * @param probability 1 - prod(1 - P[L][e]) over {@code entries}
 */
public record CuratedImage(String uuid, String url, String text, String lang, int[] entries, double probability) {
}
