package io.worldcurate.balancer.service;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** The balancer's REST API: current thresholds, the head entries of a language, and the dashboard's status. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class BalancerResource {

    @Inject
    BalancerQueries queries;

    @Inject
    PipelineStatus status;

    @Inject
    DashboardKafka kafka;

    /** The thresholds document of spec section 9, as last published. */
    @GET
    @Path("/thresholds")
    public Response thresholds(@Context UriInfo uri) {
        try {
            return Response.ok(queries.thresholds()).build();
        } catch (BalancerQueries.NotHere e) {
            return elsewhere(e, uri);
        }
    }

    /**
     * Everything the dashboard shows, in one document: tail ratio, per language the published threshold
     * and counts with the images decided and admitted, dead letters, consumer lag. Never redirected:
     * the parts this instance cannot answer say so.
     */
    @GET
    @Path("/status")
    public Map<String, Object> status() {
        return status.status();
    }

    /** Dead letters of {@code curation.dlq} per stage and kind of reason; 404 when counting is off. */
    @GET
    @Path("/dead-letters")
    public Response deadLetters() {
        return kafka.deadLetters().map(s -> Response.ok(s).build())
                .orElseGet(() -> error(Response.Status.NOT_FOUND, "dead-letter counting is off (curation.dashboard.dead-letters.enabled)"));
    }

    /** Consumer lag per configured group and topic. */
    @GET
    @Path("/lag")
    public Response lag() {
        return kafka.lag().map(r -> Response.ok(r).build())
                .orElseGet(() -> error(Response.Status.SERVICE_UNAVAILABLE, "not started"));
    }

    /** The {@code top} most counted entries of {@code lang}, with counts and current probabilities. */
    @GET
    @Path("/languages/{lang}/entries")
    public Response headEntries(@PathParam("lang") String lang, @QueryParam("top") @DefaultValue("20") int top,
                                @Context UriInfo uri) {
        if (top < 1 || top > 10_000) {
            return error(Response.Status.BAD_REQUEST, "top must be within 1 and 10000");
        }
        try {
            if (!queries.knowsLanguage(lang)) {
                return error(Response.Status.NOT_FOUND, "no matched text of language '" + lang + "' counted yet");
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("lang", lang);
            doc.put("entries", queries.headEntries(lang, top));
            return Response.ok(doc).build();
        } catch (BalancerQueries.NotHere e) {
            return elsewhere(e, uri);
        }
    }

    private static Response elsewhere(BalancerQueries.NotHere e, UriInfo uri) {
        if (e.host().isPresent()) {
            URI there = uri.getRequestUriBuilder().host(e.host().get().host()).port(e.host().get().port()).build();
            return Response.temporaryRedirect(there).build();
        }
        return error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).build();
    }
}
