package io.github.crossaccountmfa.lambda;

/** Runs the function's priming hook as SnapStart does around a snapshot (for the restore benchmark). */
public final class SnapStartHooks {
    private SnapStartHooks() {
    }

    /** beforeCheckpoint then afterRestore of the hook the handler registered in its init phase. */
    public static void checkpointAndRestore() {
        Priming hook = Priming.registered();
        hook.beforeCheckpoint(null);
        hook.afterRestore(null);
    }
}
