package io.worldcurate.core.metadata;

/** A metadata file that cannot be read or is not a JSON array of strings; the message names the file and position. */
public class MetadataException extends RuntimeException {
    public MetadataException(String message, Throwable cause) {
        super(message, cause);
    }

    public MetadataException(String message) {
        super(message);
    }
}
