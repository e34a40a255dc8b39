package io.worldcurate.matcher.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN until every language's automaton is loaded: no traffic reaches a matcher that would build one. */
@Readiness
@ApplicationScoped
public class AutomataReadiness implements HealthCheck {

    @Inject
    MatcherAutomata automata;

    @Override
    public HealthCheckResponse call() {
        var r = HealthCheckResponse.named("matcher-automata");
        if (!automata.loaded()) {
            return r.down().withData("state", "loading").build();
        }
        var s = automata.summary();
        return r.up().withData("languages", s.languages()).withData("loadMillis", s.millis()).build();
    }
}
