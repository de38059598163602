package io.github.crossaccountmfa.lambda;

import java.util.function.Supplier;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The function's HTTP client: the real one, except while the SnapStart priming hook runs, when {@link CannedAws}
 * answers from memory. So priming drives the function's own SDK clients (credentials, signing, endpoint rules,
 * marshalling) without the network, and a restored snapshot does not pay for their first call.
 */
final class PrimingHttp implements SdkHttpClient {
    private static final CannedAws CANNED = new CannedAws();
    /**
     * Set on the priming thread only (and inherited by the threads it starts to send batches), so that nothing
     * another thread sends meanwhile is ever answered from memory.
     */
    private static final InheritableThreadLocal<Boolean> CANNED_HERE = new InheritableThreadLocal<>();

    private final SdkHttpClient real;

    private PrimingHttp(SdkHttpClient real) {
        this.real = real;
    }

    static SdkHttpClient wrap(SdkHttpClient real) {
        return new PrimingHttp(real);
    }

    /**
     * Runs {@code work} with every request it makes (on this thread, or on threads it starts) answered from
     * memory; requests of other threads, an invocation's among them, go to AWS as always.
     */
    static <T> T fromMemory(Supplier<T> work) {
        CANNED_HERE.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            CANNED_HERE.remove();
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return Boolean.TRUE.equals(CANNED_HERE.get()) ? CANNED.prepareRequest(request) : real.prepareRequest(request);
    }

    @Override
    public String clientName() {
        return real.clientName();
    }

    @Override
    public void close() {
        real.close();
    }
}
