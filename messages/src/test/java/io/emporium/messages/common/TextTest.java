package io.emporium.messages.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void acceptsOrdinaryTextAcrossLinesAndAboveTheBasicPlane() {
        assertThat(Text.isStorable("Oak desk, 160 cm \u00e9\u4e2d")).isTrue();
        assertThat(Text.isStorable("first line\r\nsecond\tline")).isTrue();
        assertThat(Text.isStorable("a paired surrogate \ud83d\ude00 is one emoji")).isTrue();
        assertThat(Text.isStorable(null)).isTrue();
    }

    @Test
    void refusesNulAnywhere() {
        assertThat(Text.isStorable("\u0000")).isFalse();
        assertThat(Text.firstUnstorableIndex("desk\u0000")).isEqualTo(4);
    }

    @Test
    void refusesTheOtherControlCharactersButTabLineFeedAndCarriageReturn() {
        for (char c = 1; c < 0x20; c++) {
            boolean allowed = c == '\t' || c == '\n' || c == '\r';
            assertThat(Text.isStorable("a" + c + "b")).as("U+%04X", (int) c).isEqualTo(allowed);
        }
        assertThat(Text.isStorable("a\u007fb")).isFalse();
        assertThat(Text.isStorable("a\u0085b")).as("C1 controls are left to the stores, which hold them").isTrue();
    }

    @Test
    void refusesASurrogateWithoutItsPair() {
        assertThat(Text.firstUnstorableIndex("x\ud83d")).isEqualTo(1);
        assertThat(Text.firstUnstorableIndex("x\ude00y")).isEqualTo(1);
        assertThat(Text.firstUnstorableIndex("\ude00\ud83d")).isZero();
    }

    @Test
    void aRefusalNamesTheFieldTheCharacterAndWhereItStands() {
        assertThatThrownBy(() -> Text.requireStorable("name", "desk\u0000", "invalid-name"))
                .isInstanceOfSatisfying(CommandRefusedException.class, refused -> {
                    assertThat(refused.kind()).isEqualTo(RefusalKind.RULE_VIOLATED);
                    assertThat(refused.code()).isEqualTo("invalid-name");
                    assertThat(refused.getMessage()).contains("name must not hold U+0000").contains("U+0000 at index 4")
                            .doesNotContain("\u0000");
                });
    }
}
