package io.worldcurate.core.decide;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The hash rules of the spec (sections 1 and 7): every "random" choice is one of these. */
public final class CurationHash {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> digest("SHA-256"));
    private static final ThreadLocal<MessageDigest> SHA224 = ThreadLocal.withInitial(() -> digest("SHA-224"));
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final double TWO_TO_MINUS_53 = 0x1.0p-53;

    private CurationHash() {
    }

    /** The first 8 bytes of SHA-256 of the UTF-8 bytes of {@code s}, as an unsigned big-endian 64-bit value. */
    public static long h64(String s) {
        byte[] d = SHA256.get().digest(s.getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (d[i] & 0xFF);
        }
        return v;
    }

    /** A uniform double in [0, 1) from the top 53 bits of {@code h64(s)}. */
    public static double uniform(String s) {
        return (h64(s) >>> 11) * TWO_TO_MINUS_53;
    }

    /** MetaCLIP's gen_uuid: the first 24 hex characters of SHA-224 of the url with tabs and spaces removed. */
    public static String uuidOf(String url) {
        String cleaned = url.replace("\t", "").replace(" ", "");
        byte[] d = SHA224.get().digest(cleaned.getBytes(StandardCharsets.UTF_8));
        char[] out = new char[24];
        for (int i = 0; i < 12; i++) {
            out[2 * i] = HEX[(d[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[d[i] & 0xF];
        }
        return new String(out);
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is not available", e);
        }
    }
}
