package io.worldcurate.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.worldcurate.core.decide.CurationHash;
import io.worldcurate.core.input.ImageValidator;
import io.worldcurate.core.input.InvalidRecordException;
import io.worldcurate.core.model.Image;
import io.worldcurate.core.model.ImageText;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The images of one WAT metadata record, as MetaCLIP's {@code WATParser.extract_images_from_links}
 * ({@code metaclip/curation/parse_wat.py}) yields them.
 *
 * <p>The JSON payload's {@code Envelope.Payload-Metadata.HTTP-Response-Metadata.HTML-Metadata.Links}
 * is walked in order; each link whose {@code path} starts with {@code IMG@/src} and that has a
 * string {@code url} becomes an image:
 * <ul>
 *   <li>{@code url}: the link's url resolved against the record's WARC-Target-URI by RFC 3986
 *       ({@link UriResolver}), after the clean-up every URL parser applies to an attribute value
 *       (leading and trailing C0 controls and spaces removed, tabs and line breaks removed);</li>
 *   <li>{@code uuid}: {@link CurationHash#uuidOf} of that url (MetaCLIP's {@code gen_uuid});</li>
 *   <li>{@code texts}: {@code alt}, {@code title}, {@code data-image-title} of the link, in that
 *       order, each with CR and LF replaced by a space and then stripped of white space as Python's
 *       {@code str.strip()} does; empty ones are left out; each is {@code [attr, text, ""]} (the
 *       language is left to identification);</li>
 *   <li>{@code page_url}: the WARC-Target-URI.</li>
 * </ul>
 * A link without any text gives no image.
 *
 * <p>What MetaCLIP skips quietly is skipped here too: a record without {@code HTTP-Response-Metadata},
 * {@code HTML-Metadata} or {@code Links} (request and metadata records, non-HTML responses), a null
 * link, a link without {@code path} or with a null one, a link without a url or whose url is not a
 * string, a url whose uuid cannot be computed (an unpaired surrogate), a missing or null text.
 * What would make MetaCLIP's parser throw (and lose the rest of the file) makes the whole record
 * malformed here, an {@link InvalidRecordException} with the reason: JSON that does not parse, a
 * missing or non-object {@code Envelope} or {@code Payload-Metadata}, a present but null or non-object
 * {@code HTTP-Response-Metadata} / {@code HTML-Metadata}, a null or non-array {@code Links}, a link
 * that is not an object, a {@code path} or text that is not a string.
 */
public final class WatImages {

    /** The link attributes taken as texts, in this order (MetaCLIP's {@code KOI}). */
    public static final List<String> TEXT_ATTRIBUTES = List.of("alt", "title", "data-image-title");
    /** Links whose path starts with this are images (MetaCLIP: {@code link["path"].startswith("IMG@/src")}). */
    public static final String IMAGE_PATH_PREFIX = "IMG@/src";

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE).maxNestingDepth(1000).build());
    }

    private WatImages() {
    }

    /** The images of a metadata record's JSON payload; {@code targetUri} is its WARC-Target-URI. */
    public static List<Image> extract(byte[] json, String targetUri) throws InvalidRecordException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRecordException("malformed JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidRecordException("malformed JSON: empty payload");
        }
        if (!root.isObject()) {
            throw new InvalidRecordException("malformed WAT record: payload is not a JSON object");
        }
        JsonNode envelope = root.get("Envelope");
        if (envelope == null || !envelope.isObject()) {
            throw new InvalidRecordException("malformed WAT record: " + (envelope == null ? "missing" : "bad")
                    + " Envelope");
        }
        JsonNode payload = envelope.get("Payload-Metadata");
        if (payload == null || !payload.isObject()) {
            throw new InvalidRecordException("malformed WAT record: " + (payload == null ? "missing" : "bad")
                    + " Envelope.Payload-Metadata");
        }
        JsonNode response = payload.get("HTTP-Response-Metadata");
        if (response == null) {
            return List.of();
        }
        if (!response.isObject()) {
            throw new InvalidRecordException("malformed WAT record: HTTP-Response-Metadata is not an object");
        }
        JsonNode html = response.get("HTML-Metadata");
        if (html == null) {
            return List.of();
        }
        if (!html.isObject()) {
            throw new InvalidRecordException("malformed WAT record: HTML-Metadata is not an object");
        }
        JsonNode links = html.get("Links");
        if (links == null) {
            return List.of();
        }
        if (!links.isArray()) {
            throw new InvalidRecordException("malformed WAT record: Links is " + (links.isNull() ? "null" : "not an array"));
        }
        return fromLinks(links, targetUri);
    }

    private static List<Image> fromLinks(JsonNode links, String targetUri) throws InvalidRecordException {
        String base = cleanUrl(targetUri);
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < links.size(); i++) {
            JsonNode link = links.get(i);
            if (link.isNull()) {
                continue;
            }
            if (!link.isObject()) {
                throw new InvalidRecordException("malformed WAT record: Links[" + i + "] is not an object");
            }
            JsonNode path = link.get("path");
            if (path == null || path.isNull()) {
                continue;
            }
            if (!path.isTextual()) {
                throw new InvalidRecordException("malformed WAT record: Links[" + i + "].path is not a string");
            }
            if (!path.textValue().startsWith(IMAGE_PATH_PREFIX)) {
                continue;
            }
            JsonNode src = link.get("url");
            // MetaCLIP: a missing url is skipped; a non-string one fails in urljoin and is skipped too
            if (src == null || !src.isTextual()) {
                continue;
            }
            String url = UriResolver.resolve(base, cleanUrl(src.textValue()));
            // MetaCLIP's gen_uuid fails (and the link is skipped) on a url that is not valid UTF-8
            if (url.isEmpty() || ImageValidator.unpairedSurrogate(url) >= 0) {
                continue;
            }
            List<ImageText> texts = new ArrayList<>(TEXT_ATTRIBUTES.size());
            for (String attr : TEXT_ATTRIBUTES) {
                JsonNode t = link.get(attr);
                if (t == null || t.isNull()) {
                    continue;
                }
                if (!t.isTextual()) {
                    throw new InvalidRecordException("malformed WAT record: Links[" + i + "]." + attr + " is not a string");
                }
                String text = cleanText(t.textValue());
                if (!text.isEmpty()) {
                    texts.add(new ImageText(attr, text, ""));
                }
            }
            if (texts.isEmpty()) {
                continue;
            }
            images.add(new Image(CurationHash.uuidOf(url), url, targetUri, texts));
        }
        return images;
    }

    /**
     * An attribute's text as MetaCLIP keeps it: CR and LF replaced by a space, then white space
     * stripped from both ends by Python's definition ({@link #isPythonWhitespace}). An unpaired
     * surrogate (possible through a JSON escape) becomes U+FFFD, as any UTF-8 encoder writes it.
     */
    public static String cleanText(String text) {
        String s = text.replace('\n', ' ').replace('\r', ' ');
        int start = 0;
        int end = s.length();
        while (start < end && isPythonWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isPythonWhitespace(s.charAt(end - 1))) {
            end--;
        }
        s = s.substring(start, end);
        return ImageValidator.unpairedSurrogate(s) < 0 ? s : replaceUnpairedSurrogates(s);
    }

    /**
     * Python 3's {@code str.isspace()}, which {@code str.strip()} uses: Unicode category Zs or
     * bidirectional class WS, B or S. Listed here so that the result does not depend on the JDK's
     * Unicode version. Wider than {@link String#strip()}: it includes U+0085, U+00A0, U+2007 and U+202F.
     */
    public static boolean isPythonWhitespace(char c) {
        return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
                || c == 0x3000;
    }

    /**
     * A URL attribute as URL parsers take it (WHATWG URL standard; Python's {@code urlsplit} does the
     * same at the start and for the line breaks): C0 controls and spaces removed from both ends, every
     * tab, LF and CR removed. {@code src=" a.jpg"} is {@code a.jpg}, not a path starting with a space.
     */
    public static String cleanUrl(String url) {
        int start = 0;
        int end = url.length();
        while (start < end && url.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && url.charAt(end - 1) <= ' ') {
            end--;
        }
        String s = url.substring(start, end);
        if (s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            StringBuilder sb = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c != '\t' && c != '\n' && c != '\r') {
                    sb.append(c);
                }
            }
            s = sb.toString();
        }
        return s;
    }

    private static String replaceUnpairedSurrogates(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                sb.append('\uFFFD');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
