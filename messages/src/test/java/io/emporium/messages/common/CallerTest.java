package io.emporium.messages.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    private static final Caller CUSTOMER = new Caller("customer-1", Set.of(Caller.CUSTOMER));
    private static final Caller OPERATOR = new Caller("staff-1", Set.of(Caller.OPERATOR));

    @Test
    void travelsAsMetaDataAndComesBackTheSame() {
        Caller both = new Caller("staff-2", Set.of(Caller.OPERATOR, Caller.CUSTOMER));
        assertThat(both.toMetaData()).containsEntry(MetaDataKeys.CALLER, "staff-2")
                                     .containsEntry(MetaDataKeys.CALLER_ROLES, "customer,operator");
        assertThat(Caller.of(both.toMetaData())).isEqualTo(both);
    }

    @Test
    void metaDataWithoutACallerIsAnInternalSender() {
        assertThat(Caller.of(Map.of("traceId", "t"))).isEqualTo(Caller.INTERNAL);
        assertThat(Caller.INTERNAL.isInternal()).isTrue();
        assertThat(Caller.INTERNAL.mayOperate()).isTrue();
    }

    @Test
    void aCustomerMayNotOperate() {
        assertThatThrownBy(() -> CUSTOMER.requireMayOperate("receiving stock"))
                .isInstanceOfSatisfying(CommandRefusedException.class, refused -> {
                    assertThat(refused.kind()).isEqualTo(RefusalKind.FORBIDDEN);
                    assertThat(refused.code()).isEqualTo("operator-only");
                });
        assertThatCode(() -> OPERATOR.requireMayOperate("receiving stock")).doesNotThrowAnyException();
        assertThatCode(() -> Caller.ORDER_FULFILMENT.requireMayOperate("refunding")).doesNotThrowAnyException();
    }

    @Test
    void aCustomerActsForItselfOnlyWhileOperatorsActForAnyone() {
        assertThatCode(() -> CUSTOMER.requireSelfIfCustomer("customer-1", "c", "order 1")).doesNotThrowAnyException();
        assertThatThrownBy(() -> CUSTOMER.requireSelfIfCustomer("customer-2", "not-your-order", "order 1"))
                .isInstanceOfSatisfying(CommandRefusedException.class,
                                        refused -> assertThat(refused.code()).isEqualTo("not-your-order"));
        assertThatCode(() -> OPERATOR.requireSelfIfCustomer("customer-2", "c", "order 1")).doesNotThrowAnyException();
    }
}
