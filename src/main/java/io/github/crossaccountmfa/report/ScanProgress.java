package io.github.crossaccountmfa.report;

/** Hears how far a scan is; called on the scanning thread. */
public interface ScanProgress {
    ScanProgress NONE = (listed, evaluated, tagLookups) -> { };

    /** After each role listed or evaluated. */
    void update(long listed, long evaluated, long tagLookups);

    /** Once, when the scan ends (successfully or not). */
    default void finished() {
    }
}
