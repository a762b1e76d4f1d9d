package org.portaudit.scanner.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.portaudit.catalog.Perspective;
import picocli.CommandLine.Option;

/** {@code --from WHO}: which connecting parties' ports to expect (roles show, scan, audit alike). */
public final class PerspectiveOption {
    @Option(names = "--from", paramLabel = "WHO", split = ",",
            description = "Only the ports serving these connecting parties: client, domain-controller, trust "
                    + "or admin (KB 179442's perspectives); repeatable or comma-separated (default: all four). "
                    + "An administrator's workstation is also a client: --from client --from admin.")
    List<String> words = new ArrayList<>();

    /** The perspectives asked for (none given: all four); a mistyped word is a usage error with a suggestion. */
    public Set<Perspective> perspectives() {
        return RolesCommand.perspectives(words);
    }

    /** True when --from was given. */
    public boolean given() {
        return !words.isEmpty();
    }
}
