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

/** The balancer's REST API: current thresholds, and the head entries of a language. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class BalancerResource {

    @Inject
    BalancerQueries queries;

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
