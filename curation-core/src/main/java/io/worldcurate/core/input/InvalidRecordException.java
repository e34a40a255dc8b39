package io.worldcurate.core.input;

/** A record that cannot be curated; the message is the reason written to rejects or the dead-letter topic. */
public class InvalidRecordException extends Exception {
    public InvalidRecordException(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
