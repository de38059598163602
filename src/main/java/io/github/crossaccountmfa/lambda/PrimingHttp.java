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
    private static volatile boolean canned;

    private final SdkHttpClient real;

    private PrimingHttp(SdkHttpClient real) {
        this.real = real;
    }

    static SdkHttpClient wrap(SdkHttpClient real) {
        return new PrimingHttp(real);
    }

    /** Runs {@code work} with every request of every wrapped client answered from memory. */
    static <T> T fromMemory(Supplier<T> work) {
        canned = true;
        try {
            return work.get();
        } finally {
            canned = false;
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return canned ? CANNED.prepareRequest(request) : real.prepareRequest(request);
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
