package io.emporium.projections.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

class ProjectionOperationsTest {

    static final TrackingToken RESET_AT = GapAwareTrackingToken.newInstance(100, List.of());

    @Test
    void aReplayBehindItsResetPointIsUnfinished() {
        TrackingToken replay = ((ReplayToken) ReplayToken.createReplayToken(RESET_AT))
                                          .advancedTo(GapAwareTrackingToken.newInstance(40, List.of()));

        assertThat(ReplayToken.isReplay(replay)).isTrue();
        assertThat(ProjectionOperations.replayUnfinished(replay)).isTrue();
    }

    @Test
    void aReplayThatReachedItsResetPointIsFinishedThoughAxonStillCallsItAReplay() {
        TrackingToken replay = ((ReplayToken) ReplayToken.createReplayToken(RESET_AT))
                                          .advancedTo(GapAwareTrackingToken.newInstance(100, List.of()));

        assertThat(ReplayToken.isReplay(replay)).isTrue();
        assertThat(ProjectionOperations.replayUnfinished(replay)).isFalse();
    }

    @Test
    void aReplayThatHasNotReadAnyEventYetIsUnfinished() {
        assertThat(ProjectionOperations.replayUnfinished(ReplayToken.createReplayToken(RESET_AT))).isTrue();
    }

    @Test
    void aTokenThatIsNoReplayIsNotReplaying() {
        assertThat(ProjectionOperations.replayUnfinished(RESET_AT)).isFalse();
        assertThat(ProjectionOperations.replayUnfinished(null)).isFalse();
    }
}
