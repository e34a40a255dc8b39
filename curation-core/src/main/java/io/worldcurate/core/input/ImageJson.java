package io.worldcurate.core.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.worldcurate.core.decide.CurationHash;
import io.worldcurate.core.model.Image;
import io.worldcurate.core.model.ImageText;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one image from a JSON line in MetaCLIP's form (spec section 1): texts as
 * {@code [attr, text, lang]} triples or {@code {"attr", "text", "lang"}} objects; uuid from the url
 * when absent.
 */
public final class ImageJson {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build());
    }

    private ImageJson() {
    }

    /** Parses and validates one record; the exception's message says what is wrong with it. */
    public static Image parse(byte[] json) throws InvalidRecordException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRecordException("unreadable record: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidRecordException("empty record");
        }
        if (!root.isObject()) {
            throw new InvalidRecordException("not a JSON object");
        }
        String url = optionalString(root, "url");
        String uuid = optionalString(root, "uuid");
        if (uuid == null) {
            if (url == null || url.isEmpty()) {
                throw new InvalidRecordException("missing url");
            }
            uuid = CurationHash.uuidOf(url);
        }
        String pageUrl = optionalString(root, "page_url");
        JsonNode texts = root.get("texts");
        if (texts == null || texts.isNull()) {
            throw new InvalidRecordException("missing texts");
        }
        if (!texts.isArray()) {
            throw new InvalidRecordException("texts is not an array");
        }
        List<ImageText> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            out.add(text(texts.get(i), i));
        }
        Image image = new Image(uuid, url, pageUrl, out);
        ImageValidator.validate(image);
        return image;
    }

    private static ImageText text(JsonNode t, int i) throws InvalidRecordException {
        JsonNode attr;
        JsonNode text;
        JsonNode lang;
        if (t.isArray()) {
            if (t.size() < 2 || t.size() > 3) {
                throw new InvalidRecordException("texts[" + i + "]: expected [attr, text, lang], got " + t.size() + " items");
            }
            attr = t.get(0);
            text = t.get(1);
            lang = t.size() == 3 ? t.get(2) : null;
        } else if (t.isObject()) {
            attr = t.get("attr");
            text = t.get("text");
            lang = t.get("lang");
        } else {
            throw new InvalidRecordException("texts[" + i + "]: expected an array or an object");
        }
        if (text == null || text.isNull()) {
            throw new InvalidRecordException("texts[" + i + "]: missing text");
        }
        if (!text.isTextual()) {
            throw new InvalidRecordException("texts[" + i + "]: text is not a string");
        }
        if (attr != null && !attr.isNull() && !attr.isTextual()) {
            throw new InvalidRecordException("texts[" + i + "]: attr is not a string");
        }
        if (lang != null && !lang.isNull() && !lang.isTextual()) {
            throw new InvalidRecordException("texts[" + i + "]: lang is not a string");
        }
        return new ImageText(attr == null || attr.isNull() ? "" : attr.textValue(), text.textValue(),
                lang == null || lang.isNull() ? "" : lang.textValue());
    }

    private static String optionalString(JsonNode root, String field) throws InvalidRecordException {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidRecordException((field.equals("uuid") ? "bad uuid: " : "") + field + " is not a string");
        }
        return n.textValue();
    }
}
