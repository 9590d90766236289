package io.gitbridge.testkit.git;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the body bytes of the responses it wraps into one total: {@link GitHttpServer} counts what each repository's
 * {@code git-upload-pack} answers (negotiation and pack, as sent over the wire before HTTP framing), so tests can
 * compare how much a fetch transferred.
 */
final class ByteCounter {

    private final AtomicLong total = new AtomicLong();

    long total() {
        return total.get();
    }

    HttpServletResponse wrap(HttpServletResponse response) {
        return new HttpServletResponseWrapper(response) {
            private ServletOutputStream out;

            @Override
            public ServletOutputStream getOutputStream() throws IOException {
                if (out == null) {
                    out = new CountingStream(response.getOutputStream());
                }
                return out;
            }
        };
    }

    private final class CountingStream extends ServletOutputStream {
        private final ServletOutputStream delegate;

        CountingStream(ServletOutputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(int b) throws IOException {
            delegate.write(b);
            total.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            delegate.write(b, off, len);
            total.addAndGet(len);
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
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
