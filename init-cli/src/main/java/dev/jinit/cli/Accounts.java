package dev.jinit.cli;

import dev.jinit.core.RunAs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --user USER[:GROUP]} resolved against the image's {@code /etc/passwd} and {@code /etc/group},
 * as a container runtime resolves its own {@code --user}: a name must be there, a number need not
 * be; the group is GROUP, else the user's from {@code /etc/passwd}, else 0; the supplementary
 * groups are those initgroups(3) would set: the group, then every group that lists the user.
 */
final class Accounts {
    private final List<String[]> users;
    private final List<String[]> groups;

    Accounts(Path passwd, Path group) throws UsageException {
        this.users = entries(passwd);
        this.groups = entries(group);
    }

    static Accounts ofSystem() throws UsageException {
        return new Accounts(Path.of("/etc/passwd"), Path.of("/etc/group"));
    }

    RunAs resolve(String where, String spec) throws UsageException {
        int colon = spec.indexOf(':');
        String userPart = colon < 0 ? spec : spec.substring(0, colon);
        String groupPart = colon < 0 ? null : spec.substring(colon + 1);
        if (userPart.isEmpty() || (groupPart != null && groupPart.isEmpty())) {
            throw new UsageException(where + ": '" + spec + "' is not USER[:GROUP]");
        }
        String[] user = find(users, userPart);
        int uid = id(user, userPart, where + ": unknown user '" + userPart + "' (not in /etc/passwd)");
        int gid = groupPart != null
                ? id(find(groups, groupPart), groupPart, where + ": unknown group '" + groupPart + "' (not in /etc/group)")
                : user != null ? Integer.parseInt(user[3]) : 0;
        Set<Integer> supplementary = new LinkedHashSet<>(List.of(gid));
        if (user != null) {
            for (String[] group : groups) {
                if (group.length > 3 && List.of(group[3].split(",")).contains(user[0])) {
                    supplementary.add(Integer.parseInt(group[2]));
                }
            }
        }
        return new RunAs(uid, gid, supplementary.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The id of {@code entry}, found for {@code nameOrId}; else {@code nameOrId} itself if it is a number. */
    private static int id(String[] entry, String nameOrId, String unknown) throws UsageException {
        if (entry != null) {
            return Integer.parseInt(entry[2]);
        }
        if (isId(nameOrId)) {
            return Integer.parseInt(nameOrId);
        }
        throw new UsageException(unknown);
    }

    /** The entry named {@code nameOrId}, by name first, then by id. */
    private static String[] find(List<String[]> entries, String nameOrId) {
        for (String[] entry : entries) {
            if (entry[0].equals(nameOrId)) {
                return entry;
            }
        }
        if (isId(nameOrId)) {
            for (String[] entry : entries) {
                if (entry[2].equals(nameOrId)) {
                    return entry;
                }
            }
        }
        return null;
    }

    private static boolean isId(String text) {
        return text.matches("\\d{1,9}");
    }

    /** The colon-separated entries of an account file with a numeric third field; none when it is missing. */
    private static List<String[]> entries(Path file) throws UsageException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(line -> line.split(":", -1))
                    .filter(fields -> fields.length >= 3 && isId(fields[2])).toList();
        } catch (NoSuchFileException missing) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            throw new UsageException("--user: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
