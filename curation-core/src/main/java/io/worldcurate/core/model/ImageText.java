package io.worldcurate.core.model;

/**
 * One candidate text of a crawled image.
 *
 * @param lang the crawler's language code; null or empty means: identify it
 */
public record ImageText(String attr, String text, String lang) {
}
