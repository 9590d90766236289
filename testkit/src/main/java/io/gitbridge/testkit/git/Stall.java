package io.gitbridge.testkit.git;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A response that {@link GitHttpServer} holds mid-way: the first response longer than {@code afterBytes} (the
 * pack, not the ref listing before it) sends that many bytes (flushed), then nothing until {@link #release()}, when
 * the connection is dropped. Responses after it pass untouched. Tests use it to kill a process mid-fetch.
 */
public final class Stall {

    private final long afterBytes;
    private final CountDownLatch stalled = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicBoolean claimed = new AtomicBoolean();

    Stall(long afterBytes) {
        this.afterBytes = afterBytes;
    }

    /**
     * Waits until the response has sent its first bytes and stalled.
     *
     * @return false when it did not stall within {@code limit}
     */
    public boolean awaitStalled(Duration limit) throws InterruptedException {
        return stalled.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets the stalled request end: its connection is dropped without the rest of the response. */
    public void release() {
        released.countDown();
    }

    HttpServletResponse wrap(HttpServletResponse response) {
        return new HttpServletResponseWrapper(response) {
            private ServletOutputStream out;

            @Override
            public ServletOutputStream getOutputStream() throws IOException {
                if (out == null) {
                    out = new StallingStream(response.getOutputStream());
                }
                return out;
            }
        };
    }

    /** Blocks the request's thread until {@link #release()}, then fails the write so the exchange ends. */
    private void hold() throws IOException {
        stalled.countDown();
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IOException("the test stalled this response and then dropped it");
    }

    private final class StallingStream extends ServletOutputStream {
        private final ServletOutputStream delegate;
        private long written;

        StallingStream(ServletOutputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            long room = afterBytes - written;
            if (len <= room || !claimed.compareAndSet(false, true)) {
                delegate.write(b, off, len);
                written += len;
                return;
            }
            delegate.write(b, off, (int) room);
            written += room;
            delegate.flush();
            hold();
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
        }
    }
}
