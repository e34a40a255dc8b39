package io.worldcurate.core.lang.fasttext;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;

/** Reads fastText's little-endian binary model format from a channel through one buffer, with bulk reads of floats. */
final class LittleEndianInput {

    private final ReadableByteChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private long position;

    LittleEndianInput(ReadableByteChannel channel) {
        this.channel = channel;
        buf.limit(0);
    }

    long position() {
        return position;
    }

    private void need(int n) throws IOException {
        if (buf.remaining() >= n) {
            return;
        }
        buf.compact();
        while (buf.position() < n) {
            if (channel.read(buf) < 0) {
                throw new EOFException("the model file ends early, at byte " + (position + buf.position()));
            }
        }
        buf.flip();
    }

    int readInt() throws IOException {
        need(4);
        position += 4;
        return buf.getInt();
    }

    long readLong() throws IOException {
        need(8);
        position += 8;
        return buf.getLong();
    }

    double readDouble() throws IOException {
        need(8);
        position += 8;
        return buf.getDouble();
    }

    byte readByte() throws IOException {
        need(1);
        position += 1;
        return buf.get();
    }

    boolean readBool() throws IOException {
        return readByte() != 0;
    }

    /** A NUL-terminated byte string. */
    byte[] readCString() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(16);
        for (byte b; (b = readByte()) != 0; ) {
            out.write(b);
        }
        return out.toByteArray();
    }

    void readFloats(float[] dst, int offset, int count) throws IOException {
        int done = 0;
        while (done < count) {
            need(4);
            int n = Math.min(count - done, buf.remaining() / 4);
            buf.asFloatBuffer().get(dst, offset + done, n);
            buf.position(buf.position() + n * 4);
            done += n;
            position += n * 4L;
        }
    }

    void readBytes(byte[] dst) throws IOException {
        int done = 0;
        while (done < dst.length) {
            need(1);
            int n = Math.min(dst.length - done, buf.remaining());
            buf.get(dst, done, n);
            done += n;
            position += n;
        }
    }
}
