package io.worldcurate.core.input;

import io.worldcurate.core.model.Image;
import io.worldcurate.core.model.ImageText;

/**
 * The checks every image passes before curation, whatever its source (a JSON line or an Avro record).
 */
public final class ImageValidator {

    public static final int MAX_UUID_LENGTH = 256;
    /** The default largest record, in bytes of its encoded form. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

    private ImageValidator() {
    }

    public static void validate(Image image) throws InvalidRecordException {
        checkUuid(image.uuid());
        if (image.url() == null || image.url().isEmpty()) {
            throw new InvalidRecordException("missing url");
        }
        if (image.texts().isEmpty()) {
            throw new InvalidRecordException("no texts");
        }
        for (int i = 0; i < image.texts().size(); i++) {
            ImageText t = image.texts().get(i);
            if (t.text() == null) {
                throw new InvalidRecordException("texts[" + i + "]: missing text");
            }
            int bad = unpairedSurrogate(t.text());
            if (bad >= 0) {
                throw new InvalidRecordException("texts[" + i + "]: text has an unpaired surrogate: at char " + bad);
            }
            if (t.attr() != null && unpairedSurrogate(t.attr()) >= 0) {
                throw new InvalidRecordException("texts[" + i + "]: attr has an unpaired surrogate");
            }
        }
    }

    public static void checkUuid(String uuid) throws InvalidRecordException {
        if (uuid == null || uuid.isEmpty()) {
            throw new InvalidRecordException("bad uuid: empty");
        }
        if (uuid.length() > MAX_UUID_LENGTH) {
            throw new InvalidRecordException("bad uuid: longer than " + MAX_UUID_LENGTH + " characters");
        }
        for (int i = 0; i < uuid.length(); i++) {
            char c = uuid.charAt(i);
            if (c <= ' ' || Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSurrogate(c)) {
                throw new InvalidRecordException("bad uuid: contains white space, a control character or a surrogate");
            }
        }
    }

    /** The index of the first unpaired surrogate of {@code s}, or -1. */
    public static int unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
