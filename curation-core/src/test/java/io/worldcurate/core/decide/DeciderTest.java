package io.worldcurate.core.decide;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DeciderTest {

    private final Decider decider = new Decider("0");
    private static final String UUID = "3d4220d91d60ca5e6046254d";

    @Test
    void chosenIndexFollowsSpecVector() {
        assertThat(decider.chosenIndex(UUID, 3)).isEqualTo(2);
        assertThat(decider.chosenIndex(UUID, 1)).isZero();
        assertThatThrownBy(() -> decider.chosenIndex(UUID, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uniformFollowsSpecVectors() {
        assertThat(decider.uniform(UUID, "en", 42)).isEqualTo(0.5570482717968507);
        assertThat(new Decider("7").uniform("a", "zh", 0)).isEqualTo(0.8785508353948827);
    }

    @Test
    void entryProbabilityIsOneBelowThresholdElseRatio() {
        assertThat(Decider.entryProbability(9, 10)).isEqualTo(1.0);
        assertThat(Decider.entryProbability(10, 10)).isEqualTo(1.0);
        assertThat(Decider.entryProbability(40, 10)).isEqualTo(0.25);
        assertThat(Decider.entryProbability(3, 7)).isEqualTo(1.0);
    }

    @Test
    void tailEntryIsAlwaysAdmitted() {
        Decision d = decider.decide(UUID, "en", new int[] {42}, new long[] {5}, 10);
        assertThat(d.admitted()).isTrue();
        assertThat(d.probability()).isEqualTo(1.0);
    }

    @Test
    void headEntryIsAdmittedIffItsDrawFallsBelowItsProbability() {
        // u(en, 42) = 0.557...: admitted at P = 0.6 (N = 100, t = 60), not at P = 0.5 (N = 100, t = 50)
        assertThat(decider.decide(UUID, "en", new int[] {42}, new long[] {100}, 60).admitted()).isTrue();
        assertThat(decider.decide(UUID, "en", new int[] {42}, new long[] {100}, 50).admitted()).isFalse();
        assertThat(decider.decide(UUID, "en", new int[] {42}, new long[] {100}, 50).probability()).isEqualTo(0.5);
    }

    @Test
    void probabilityIsOneMinusProductOfMisses() {
        Decision d = decider.decide(UUID, "en", new int[] {1, 2}, new long[] {40, 20}, 10);
        assertThat(d.probability()).isCloseTo(1 - (1 - 0.25) * (1 - 0.5), within(1e-15));
    }

    @Test
    void anyEntryCanAdmit() {
        // find an entry whose draw falls under 0.5 and one whose draw does not
        int low = -1;
        int high = -1;
        for (int e = 0; e < 100 && (low < 0 || high < 0); e++) {
            double u = decider.uniform(UUID, "en", e);
            if (u < 0.5 && low < 0) {
                low = e;
            } else if (u >= 0.5 && high < 0) {
                high = e;
            }
        }
        assertThat(decider.decide(UUID, "en", new int[] {high}, new long[] {20}, 10).admitted()).isFalse();
        assertThat(decider.decide(UUID, "en", new int[] {Math.min(low, high), Math.max(low, high)}, new long[] {20, 20}, 10).admitted()).isTrue();
    }

    @Test
    void admissionRateMatchesProbability() {
        int admitted = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            if (decider.decide("img" + i, "de", new int[] {7}, new long[] {400}, 100).admitted()) {
                admitted++;
            }
        }
        assertThat(admitted / (double) n).isCloseTo(0.25, within(0.015));
    }

    @Test
    void seedChangesDraws() {
        assertThat(new Decider("1").uniform(UUID, "en", 42)).isNotEqualTo(decider.uniform(UUID, "en", 42));
    }
}
