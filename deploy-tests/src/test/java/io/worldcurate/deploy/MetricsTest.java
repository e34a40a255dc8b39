package io.worldcurate.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTest {

    @Test
    void selectsMetricNamesOutOfPromQl() {
        assertThat(Metrics.selectedBy("sum by (stage) (rate(curation_records_in_total[$__rate_interval]))"))
                .containsExactly("curation_records_in_total");
        assertThat(Metrics.selectedBy("topk(15, sum by (lang) (rate(curation_balancer_admitted_total{stage=\"balancer\"}[5m])))"
                + " / on (lang) sum by (lang) (rate(curation_balancer_decided_total[5m]))"))
                .containsExactly("curation_balancer_admitted_total", "curation_balancer_decided_total");
        assertThat(Metrics.selectedBy("sum(increase(x_total[24h])) or vector(0)")).containsExactly("x_total");
        assertThat(Metrics.selectedBy("max by (service) (kafka_consumer_fetch_manager_records_lag_max{client_id=~\".*StreamThread.*\"})"))
                .containsExactly("kafka_consumer_fetch_manager_records_lag_max");
        assertThat(Metrics.selectedBy("max(curation_balancer_tail_ratio{service=\"balancer-service\"}) * 1e3 > bool 0.5"))
                .containsExactly("curation_balancer_tail_ratio");
    }

    @Test
    void micrometerNamesBecomePrometheusNames() {
        assertThat(Metrics.prometheusNames("Counter", "curation.records.in")).containsExactly("curation_records_in_total");
        assertThat(Metrics.prometheusNames("Gauge", "curation.balancer.threshold")).containsExactly("curation_balancer_threshold");
        assertThat(Metrics.prometheusNames("Timer", "a.b")).contains("a_b_seconds_count", "a_b_seconds_sum");
    }

    @Test
    void sizesAndHeaps() {
        assertThat(Yamls.bytes("3Gi")).contains(3L << 30);
        assertThat(Yamls.bytes("1536m")).contains(1536L << 20);
        assertThat(Yamls.maxHeap("-Xms1g -Xmx1536m -XX:+X")).contains(1536L << 20);
        assertThat(Yamls.composeDefaults("a/${CURATION_DATA_DIR:-../shared/data}/metadata:${X}$$")).isEqualTo("a/../shared/data/metadata:$");
    }
}
