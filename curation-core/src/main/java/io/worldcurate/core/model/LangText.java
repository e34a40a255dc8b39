package io.worldcurate.core.model;

/**
 * A text with its metadata language.
 *
 * @param detected true when language identification chose the language, false when the input's was trusted
 */
public record LangText(String attr, String text, String lang, boolean detected) {
}
