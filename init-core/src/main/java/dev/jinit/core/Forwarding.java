package dev.jinit.core;

/** Where forwarded signals go. */
public enum Forwarding {
    /** To the child's whole process group; the child leads a group of its own. */
    PROCESS_GROUP,
    /** To the child's pid only. */
    SINGLE_CHILD
}
