package dev.jinit.cli;

/** A bad flag or environment variable; the message is one line naming it. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message, null, false, false);
    }
}
