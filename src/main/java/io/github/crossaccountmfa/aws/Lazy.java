package io.github.crossaccountmfa.aws;

import java.util.function.Supplier;

/** A value computed once, on first use (thread-safe). */
final class Lazy<T> implements Supplier<T> {
    private Supplier<T> supplier;
    private volatile T value;

    private Lazy(Supplier<T> supplier) {
        this.supplier = supplier;
    }

    static <T> Lazy<T> of(Supplier<T> supplier) {
        return new Lazy<>(supplier);
    }

    @Override
    public T get() {
        T result = value;
        if (result == null) {
            synchronized (this) {
                result = value;
                if (result == null) {
                    result = supplier.get();
                    value = result;
                    supplier = null;
                }
            }
        }
        return result;
    }
}
