package org.portaudit.scanner.cli;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.portaudit.reports.model.FindingKind;

/**
 * The words of {@code --fail-on} for the commands that compare runs (audit, diff): finding kinds, plus
 * 'none' (fail on nothing) and 'new' (only findings that are new since the previous run).
 *
 * @param kinds   the kinds named (empty for 'none' alone)
 * @param onlyNew 'new' was among the words
 */
record FailOnWords(Set<FindingKind> kinds, boolean onlyNew) {
    static FailOnWords parse(List<String> words) {
        Set<FindingKind> out = EnumSet.noneOf(FindingKind.class);
        boolean onlyNew = false;
        for (String w : words) {
            String word = w.trim().toLowerCase(Locale.ROOT);
            if (word.equals("new")) {
                onlyNew = true;
            } else if (!word.equals("none")) {
                try {
                    out.add(FindingKind.fromWord(word));
                } catch (IllegalArgumentException e) {
                    List<String> known = new ArrayList<>(List.of("new", "none"));
                    for (FindingKind k : FindingKind.values()) {
                        known.add(k.word());
                    }
                    throw new UsageError("unknown finding '" + w + "' in --fail-on"
                            + org.portaudit.catalog.Suggest.didYouMean(word, known));
                }
            }
        }
        return new FailOnWords(out, onlyNew);
    }
}
