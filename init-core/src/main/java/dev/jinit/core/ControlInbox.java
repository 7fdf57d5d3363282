package dev.jinit.core;

import dev.jinit.core.libc.LibcException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Where the control channel's thread leaves requests for the supervision loop, which owns all
 * state and answers them, once the channel has woken it ({@link LoopWaker}).
 */
final class ControlInbox {
    private final ConcurrentLinkedQueue<Pending> requests = new ConcurrentLinkedQueue<>();
    private final LoopWaker wakeLoop;

    ControlInbox(LoopWaker wakeLoop) {
        this.wakeLoop = wakeLoop;
    }

    /** A request waiting for its answer; the loop answers it only if the channel has not given up on it. */
    static final class Pending {
        final ControlRequest request;
        private final Runnable onAnswer;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private volatile ControlAnswer answer;

        /** @param onAnswer run on the loop's thread once the answer is set; it must not block */
        Pending(ControlRequest request, Runnable onAnswer) {
            this.request = request;
            this.onAnswer = onAnswer;
        }

        /** The answer, or null while there is none. */
        ControlAnswer answer() {
            return answer;
        }

        /** The channel gives up waiting: if the loop has not taken the request yet, it never will. */
        boolean giveUp() {
            return claimed.compareAndSet(false, true);
        }
    }

    /** Hands {@code pending} to the loop and wakes it. */
    void submit(Pending pending) throws LibcException {
        requests.add(pending);
        wakeLoop.wake();
    }

    /** On the loop's thread: answers every request waiting, through {@code control}. */
    void serve(Function<ControlRequest, ControlAnswer> control) {
        for (Pending pending = requests.poll(); pending != null; pending = requests.poll()) {
            if (pending.claimed.compareAndSet(false, true)) {
                pending.answer = control.apply(pending.request);
                pending.onAnswer.run();
            }
        }
    }
}
