package dev.jinit.core;

/** jinit could not get itself ready to run a command; the message is one line for the user. */
public final class StartupException extends Exception {
    public StartupException(String message) {
        super(message, null, false, false);
    }
}
