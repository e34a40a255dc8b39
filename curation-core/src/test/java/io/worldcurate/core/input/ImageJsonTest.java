package io.worldcurate.core.input;

import io.worldcurate.core.model.Image;
import io.worldcurate.core.model.ImageText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageJsonTest {

    static Image parse(String json) throws InvalidRecordException {
        return ImageJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTriplesAndObjects() throws Exception {
        Image i = parse("{\"uuid\":\"u1\",\"url\":\"https://x/a.jpg\",\"page_url\":\"https://x/\",\"texts\":"
                + "[[\"alt\",\"a red car\",\"\"],{\"attr\":\"title\",\"text\":\"Paris 2019\",\"lang\":\"fr\"},[\"alt\",\"no lang\"]]}");
        assertThat(i.uuid()).isEqualTo("u1");
        assertThat(i.pageUrl()).isEqualTo("https://x/");
        assertThat(i.texts()).containsExactly(new ImageText("alt", "a red car", ""), new ImageText("title", "Paris 2019", "fr"),
                new ImageText("alt", "no lang", ""));
    }

    @Test
    void uuidComesFromTheUrlWhenAbsent() throws Exception {
        Image i = parse("{\"url\":\"https://img.example/tr/13974.jpg\",\"texts\":[[\"alt\",\"x\",\"tr\"]]}");
        assertThat(i.uuid()).isEqualTo("3d4220d91d60ca5e6046254d");
        assertThat(i.pageUrl()).isNull();
    }

    @Test
    void nullLangAndMissingAttrAreAccepted() throws Exception {
        Image i = parse("{\"url\":\"u\",\"texts\":[{\"text\":\"t\",\"lang\":null}]}");
        assertThat(i.texts()).containsExactly(new ImageText("", "t", ""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "malformed JSON|{\"url\": \"u\", \"texts\": [|malformed JSON",
            "not an object|[1, 2]|not a JSON object",
            "missing texts|{\"url\": \"u\"}|missing texts",
            "null texts|{\"url\": \"u\", \"texts\": null}|missing texts",
            "texts not an array|{\"url\": \"u\", \"texts\": \"a dog\"}|texts is not an array",
            "empty texts|{\"url\": \"u\", \"texts\": []}|no texts",
            "non-string text|{\"url\": \"u\", \"texts\": [[\"alt\", 42, \"en\"]]}|texts[0]: text is not a string",
            "object text|{\"url\": \"u\", \"texts\": [[\"alt\", \"ok\", \"\"], [\"alt\", {\"a\": 1}, \"en\"]]}|texts[1]: text is not a string",
            "missing text|{\"url\": \"u\", \"texts\": [{\"attr\": \"alt\"}]}|texts[0]: missing text",
            "short triple|{\"url\": \"u\", \"texts\": [[\"alt\"]]}|texts[0]: expected [attr, text, lang]",
            "text is a number|{\"url\": \"u\", \"texts\": [7]}|texts[0]: expected an array or an object",
            "non-string lang|{\"url\": \"u\", \"texts\": [[\"alt\", \"dog\", 3]]}|texts[0]: lang is not a string",
            "unpaired high surrogate|{\"url\": \"u\", \"texts\": [[\"alt\", \"a \\ud800 b\", \"en\"]]}|texts[0]: text has an unpaired surrogate",
            "unpaired low surrogate|{\"url\": \"u\", \"texts\": [[\"alt\", \"\\udc00\", \"en\"]]}|texts[0]: text has an unpaired surrogate",
            "missing url|{\"texts\": [[\"alt\", \"dog\", \"en\"]]}|missing url",
            "uuid not a string|{\"uuid\": 5, \"url\": \"u\", \"texts\": [[\"alt\", \"dog\", \"en\"]]}|bad uuid",
            "empty uuid|{\"uuid\": \"\", \"url\": \"u\", \"texts\": [[\"alt\", \"dog\", \"en\"]]}|bad uuid: empty",
            "uuid with space|{\"uuid\": \"a b\", \"url\": \"u\", \"texts\": [[\"alt\", \"dog\", \"en\"]]}|bad uuid",
            "url not a string|{\"url\": 3, \"texts\": [[\"alt\", \"dog\", \"en\"]]}|url is not a string",
            "empty line|^^|empty record",
    })
    void badRecordsSayWhy(String kind, String json, String reason) {
        assertThatThrownBy(() -> parse(json == null ? "" : json))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith(reason);
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] bytes = "{\"url\":\"u\",\"texts\":[[\"alt\",\"XX\",\"en\"]]}".getBytes(StandardCharsets.UTF_8);
        int at = new String(bytes, StandardCharsets.UTF_8).indexOf("XX");
        bytes[at] = (byte) 0xC3; // a lead byte followed by an ASCII byte
        assertThatThrownBy(() -> ImageJson.parse(bytes)).isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("malformed JSON").hasMessageContaining("UTF-8");
    }

    @Test
    void reasonKindsLeaveOutDetailsAndWhichText() {
        assertThat(InvalidRecordException.kindOf("malformed JSON: Unexpected end-of-input")).isEqualTo("malformed JSON");
        assertThat(InvalidRecordException.kindOf("texts[12]: text is not a string")).isEqualTo("texts[]: text is not a string");
        assertThat(InvalidRecordException.kindOf("texts[3]: no metadata for language 'xx'")).isEqualTo("texts[]: no metadata for language 'xx'");
        assertThat(InvalidRecordException.kindOf("no texts")).isEqualTo("no texts");
    }

    @Test
    void tooLongUuidIsBad() {
        String uuid = "u".repeat(ImageValidator.MAX_UUID_LENGTH + 1);
        assertThatThrownBy(() -> parse("{\"uuid\":\"" + uuid + "\",\"url\":\"u\",\"texts\":[[\"a\",\"b\",\"\"]]}"))
                .hasMessageStartingWith("bad uuid: longer than");
    }

    @Test
    void validSurrogatePairsAreFine() throws Exception {
        Image i = parse("{\"url\":\"u\",\"texts\":[[\"alt\",\"\\ud840\\udc00 😀\",\"zh\"]]}");
        assertThat(i.texts().get(0).text()).isEqualTo(new String(Character.toChars(0x20000)) + " 😀");
    }
}
