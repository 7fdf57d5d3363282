package dev.jinit.cli;

import dev.jinit.core.ExitCodes;
import dev.jinit.core.Log;

/** A bad flag or environment variable; the message is one line naming it. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message, null, false, false);
    }

    /** Reports a usage error in one line; returns its exit status. */
    static int report(String message) {
        Log.error(message + " (see 'jinit --help')");
        return ExitCodes.USAGE;
    }
}
