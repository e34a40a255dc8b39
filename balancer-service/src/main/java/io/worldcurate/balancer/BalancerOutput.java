package io.worldcurate.balancer;

import io.worldcurate.schemas.avro.CuratedImage;
import io.worldcurate.schemas.avro.LanguageThreshold;

/** What the online balancer emits: an admitted image, or a newly published threshold. */
sealed interface BalancerOutput {

    record Admitted(CuratedImage image) implements BalancerOutput {
    }

    record Threshold(LanguageThreshold threshold) implements BalancerOutput {
    }
}
