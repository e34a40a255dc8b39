package io.worldcurate.core.decide;

/**
 * The outcome of deciding one image.
 *
 * @param admitted    whether some entry's draw fell under its probability
 * @param probability the chance of admission, 1 - prod(1 - P[L][e]) over the chosen text's entries
 */
public record Decision(boolean admitted, double probability) {
}
