/**
 * jinit's library: hand-written FFM bindings to libc ({@code dev.jinit.core.libc}) and the init's
 * mechanisms built on them ({@code dev.jinit.core}): the start-up re-exec, spawning, signal
 * forwarding and reaping.
 */
module dev.jinit.core {
    exports dev.jinit.core;
    // dev.jinit.core.libc is not exported: no module needs it. The benchmark's child programs and
    // the end-to-end tests use the bindings from the class path, where module exports do not apply.
}
