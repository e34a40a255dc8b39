package io.worldcurate.ingest;

import java.io.IOException;

/**
 * A download went wrong (the connection was reset or cut, the body ended before its length, a 5xx):
 * worth trying again, unlike a fault of the data, which is a reject.
 */
public class TransferException extends IOException {

    public TransferException(String message) {
        super(message);
    }

    public TransferException(String message, Throwable cause) {
        super(message, cause);
    }
}
