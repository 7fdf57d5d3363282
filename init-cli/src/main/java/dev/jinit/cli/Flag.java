package dev.jinit.cli;

/** jinit's own options, each with its short form (or none), long form, and the name of its value (or none). */
enum Flag {
    PROCESS_GROUP('g', "--process-group", null),
    SINGLE_CHILD('c', "--single-child", null),
    GRACE(null, "--grace", "DURATION"),
    REWRITE('r', "--rewrite", "FROM:TO"),
    EXPECT_EXIT('e', "--expect-exit", "CODE"),
    PARENT_DEATH_SIGNAL('p', "--parent-death-signal", "SIGNAL"),
    WARN_ON_REAP('w', "--warn-on-reap", null),
    SUBREAPER('s', "--subreaper", null),
    HOLD_ON_FAILURE(null, "--hold-on-failure", null),
    PREFIX_OUTPUT(null, "--prefix-output", null),
    VERBOSE('v', "--verbose", null),
    LICENSE('l', "--license", null),
    HELP('h', "--help", null),
    VERSION('V', "--version", null);

    private final Character shortName;
    private final String longName;
    private final String valueName;

    Flag(Character shortName, String longName, String valueName) {
        this.shortName = shortName;
        this.longName = longName;
        this.valueName = valueName;
    }

    /** Whether the values of a flag given again add up (-r, -e) rather than conflict. */
    boolean repeatable() {
        return this == REWRITE || this == EXPECT_EXIT;
    }

    boolean takesValue() {
        return valueName != null;
    }

    String longName() {
        return longName;
    }

    String valueName() {
        return valueName;
    }

    static Flag byLongName(String name) {
        for (Flag flag : values()) {
            if (flag.longName.equals(name)) {
                return flag;
            }
        }
        return null;
    }

    static Flag byShortName(char name) {
        for (Flag flag : values()) {
            if (flag.shortName != null && flag.shortName == name) {
                return flag;
            }
        }
        return null;
    }
}
