package io.emporium.messages.common;

/**
 * The rule every free-text field of a command obeys (a product name, a customer id, a reason), so that what a
 * command handler accepts can be stored by every store behind it and shown again (decision 0045). PostgreSQL's
 * {@code text} and {@code varchar} refuse U+0000 and cannot hold a UTF-16 surrogate without its pair (there is no
 * UTF-8 for it); the other C0 control characters and DEL are refused too, because they are invisible on a page and
 * change what a terminal or a log line shows. Tab, line feed and carriage return stay allowed: a reason may run over
 * several lines.
 */
public final class Text {

    /** What a refusal of this rule says, after the field's name. */
    public static final String RULE = "must not hold U+0000, other control characters than tab, line feed and"
            + " carriage return, or a UTF-16 surrogate without its pair";

    private Text() {
    }

    /** True when {@code value} obeys the rule; {@code null} obeys it (whether a field is required is its own rule). */
    public static boolean isStorable(String value) {
        return value == null || firstUnstorableIndex(value) < 0;
    }

    /** Where the first character that breaks the rule stands, or -1 when there is none. */
    public static int firstUnstorableIndex(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                i++; // a pair: one code point above U+FFFF, storable
            } else if (Character.isSurrogate(c) || isRefusedControl(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Refuses a command whose {@code field} breaks the rule, as a {@link RefusalKind#RULE_VIOLATED} with {@code code};
     * the message names where the first such character stands, never the character itself.
     */
    public static void requireStorable(String field, String value, String code) {
        int index = value == null ? -1 : firstUnstorableIndex(value);
        if (index >= 0) {
            throw CommandRefusedException.ruleViolated(code, field + " " + RULE + ", had U+"
                    + String.format("%04X", (int) value.charAt(index)) + " at index " + index);
        }
    }

    private static boolean isRefusedControl(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
    }
}
