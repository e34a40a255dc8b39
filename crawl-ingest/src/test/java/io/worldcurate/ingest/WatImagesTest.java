package io.worldcurate.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.worldcurate.core.input.InvalidRecordException;
import io.worldcurate.core.model.Image;
import io.worldcurate.core.model.ImageText;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static io.worldcurate.ingest.WatFixtures.JSON;
import static io.worldcurate.ingest.WatFixtures.img;
import static io.worldcurate.ingest.WatFixtures.link;
import static io.worldcurate.ingest.WatFixtures.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WatImagesTest {

    private static final String PAGE = "https://www.example.org/news/today.html?id=7#top";

    private static List<Image> extract(String target, String json) throws InvalidRecordException {
        return WatImages.extract(json.getBytes(StandardCharsets.UTF_8), target);
    }

    private static String urlOf(String src) throws InvalidRecordException {
        List<Image> images = extract(PAGE, payload(PAGE, img(src, "alt", "x")));
        assertThat(images).hasSize(1);
        return images.get(0).url();
    }

    @Test
    void everyUrlFormIsResolvedAgainstTheTargetUri() throws Exception {
        assertThat(urlOf("a.jpg")).isEqualTo("https://www.example.org/news/a.jpg");
        assertThat(urlOf("img/a.jpg")).isEqualTo("https://www.example.org/news/img/a.jpg");
        assertThat(urlOf("../x.jpg")).isEqualTo("https://www.example.org/x.jpg");
        assertThat(urlOf("../../../x.jpg")).isEqualTo("https://www.example.org/x.jpg");
        assertThat(urlOf("/abs.jpg")).isEqualTo("https://www.example.org/abs.jpg");
        assertThat(urlOf("//cdn.example.net/x.jpg")).isEqualTo("https://cdn.example.net/x.jpg");
        assertThat(urlOf("?query=1")).isEqualTo("https://www.example.org/news/today.html?query=1");
        assertThat(urlOf("#fragment")).isEqualTo("https://www.example.org/news/today.html?id=7#fragment");
        assertThat(urlOf("http://other.example/p/q.png")).isEqualTo("http://other.example/p/q.png");
        assertThat(urlOf("")).isEqualTo("https://www.example.org/news/today.html?id=7");
    }

    @Test
    void surroundingSpaceAndLineBreaksInTheUrlAreRemovedAsUrlParsersDo() throws Exception {
        assertThat(urlOf("  /abs.jpg\n")).isEqualTo("https://www.example.org/abs.jpg");
        assertThat(urlOf("img/\ta\r\nb.jpg")).isEqualTo("https://www.example.org/news/img/ab.jpg");
        // inner spaces stay in the url (the uuid drops them)
        assertThat(urlOf("my pic.jpg")).isEqualTo("https://www.example.org/news/my pic.jpg");
    }

    @Test
    void theUuidIsTheFirst24HexOfSha224OfTheUrlWithoutTabsAndSpaces() throws Exception {
        List<Image> images = extract("http://example.com/dir/page.html",
                payload("http://example.com/dir/page.html", img("a b.jpg", "alt", "x"), img("ab.jpg", "alt", "y"),
                        img("https://img.example/tr/13974.jpg", "alt", "z")));

        assertThat(images).extracting(Image::url).containsExactly("http://example.com/dir/a b.jpg",
                "http://example.com/dir/ab.jpg", "https://img.example/tr/13974.jpg");
        // computed by hand with Python: hashlib.sha224(b"http://example.com/dir/ab.jpg").hexdigest()[:24]
        assertThat(images.get(0).uuid()).isEqualTo("1c87973d1578637d7f430f23");
        assertThat(images.get(1).uuid()).isEqualTo("1c87973d1578637d7f430f23");
        assertThat(images.get(2).uuid()).isEqualTo("3d4220d91d60ca5e6046254d"); // the spec's test vector
        byte[] d = MessageDigest.getInstance("SHA-224").digest("http://example.com/dir/ab.jpg".getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(d).substring(0, 24)).isEqualTo(images.get(0).uuid());
    }

    @Test
    void textsComeFromAltTitleAndDataImageTitleInThatOrderWithLineBreaksAsSpacesAndTrimmed() throws Exception {
        ObjectNode l = JSON.createObjectNode();
        // keys in the "wrong" order in the JSON: the order of the texts is MetaCLIP's, not the link's
        l.put("data-image-title", "  the\r\ntitle  ");
        l.put("title", "\n");
        l.put("url", "a.jpg");
        l.put("alt", "\u00a0a red\ncar in\r\rParis\u3000");
        l.put("path", "IMG@/src");
        l.put("class", "hero");

        List<Image> images = extract(PAGE, payload(PAGE, l));

        assertThat(images).hasSize(1);
        Image image = images.get(0);
        assertThat(image.texts()).containsExactly(
                new ImageText("alt", "a red car in  Paris", ""),
                new ImageText("data-image-title", "the  title", ""));
        assertThat(image.pageUrl()).isEqualTo(PAGE);
    }

    @Test
    void pythonsStripIsWiderThanJavasStripAndTabsInsideStay() {
        assertThat(WatImages.cleanText("\u0085\u00a0\u2007\u202f\u001c x\ty \u2029")).isEqualTo("x\ty");
        assertThat(WatImages.cleanText("\u200b zero width \u200b")).isEqualTo("\u200b zero width \u200b");
        assertThat(WatImages.cleanText("lone \ud800 surrogate")).isEqualTo("lone \ufffd surrogate");
    }

    @Test
    void imagesWithoutTextAndLinksThatAreNotImagesGiveNothing() throws Exception {
        List<Image> images = extract(PAGE, payload(PAGE,
                img("notext.jpg"),
                img("blank.jpg", "alt", "  \r\n ", "title", ""),
                link("path", "A@/href", "url", "page2.html", "title", "next page"),
                link("path", "LINK@/href", "url", "style.css", "title", "style"),
                link("path", "IMG@/data-src", "url", "lazy.jpg", "alt", "lazy"),
                link("path", "img@/src", "url", "lower.jpg", "alt", "lower case path"),
                link("url", "nopath.jpg", "alt", "no path"),
                link("path", null, "url", "nullpath.jpg", "alt", "null path"),
                link("path", "IMG@/src", "alt", "no url"),
                link("path", "IMG@/src", "url", null, "alt", "null url"),
                JSON.getNodeFactory().nullNode(),
                img("ok.jpg", "title", "the only one", "alt", null)));

        assertThat(images).extracting(Image::url).containsExactly("https://www.example.org/news/ok.jpg");
        assertThat(images.get(0).texts()).containsExactly(new ImageText("title", "the only one", ""));
    }

    @Test
    void aUrlThatIsNotAStringIsSkippedAsMetaclipsUrljoinFailsOnIt() throws Exception {
        ObjectNode l = link("path", "IMG@/src", "alt", "numeric url");
        l.put("url", 42);

        assertThat(extract(PAGE, payload(PAGE, l, img("b.jpg", "alt", "b")))).extracting(Image::url)
                .containsExactly("https://www.example.org/news/b.jpg");
    }

    @Test
    void recordsWithoutHtmlLinksGiveNothingAndAreNotErrors() throws Exception {
        assertThat(extract(PAGE, WatFixtures.requestPayload(PAGE))).isEmpty();
        assertThat(extract(PAGE, "{\"Envelope\":{\"Payload-Metadata\":{\"HTTP-Response-Metadata\":{\"Headers\":{}}}}}")).isEmpty();
        assertThat(extract(PAGE, "{\"Envelope\":{\"Payload-Metadata\":{\"HTTP-Response-Metadata\":{\"HTML-Metadata\":{}}}}}")).isEmpty();
        assertThat(extract(PAGE, "{\"Envelope\":{\"Payload-Metadata\":{\"HTTP-Response-Metadata\":{\"HTML-Metadata\":"
                + "{\"Links\":[]}}}}}")).isEmpty();
    }

    @Test
    void malformedRecordsAreRejectedWithTheirReason() {
        assertReason("{\"Envelope\": {", "malformed JSON");
        assertReason("{\"Envelope\":{}} trailing", "malformed JSON");
        assertReason("", "malformed JSON");
        assertReason("[1,2]", "malformed WAT record: payload is not a JSON object");
        assertReason("{\"Container\":{}}", "malformed WAT record: missing Envelope");
        assertReason("{\"Envelope\":\"x\"}", "malformed WAT record: bad Envelope");
        assertReason("{\"Envelope\":{\"Format\":\"WARC\"}}", "malformed WAT record: missing Envelope.Payload-Metadata");
        assertReason("{\"Envelope\":{\"Payload-Metadata\":{\"HTTP-Response-Metadata\":null}}}",
                "malformed WAT record: HTTP-Response-Metadata is not an object");
        assertReason("{\"Envelope\":{\"Payload-Metadata\":{\"HTTP-Response-Metadata\":{\"HTML-Metadata\":[]}}}}",
                "malformed WAT record: HTML-Metadata is not an object");
        assertReason("{\"Envelope\":{\"Payload-Metadata\":{\"HTTP-Response-Metadata\":{\"HTML-Metadata\":{\"Links\":null}}}}}",
                "malformed WAT record: Links is null");
        assertReason("{\"Envelope\":{\"Payload-Metadata\":{\"HTTP-Response-Metadata\":{\"HTML-Metadata\":{\"Links\":{}}}}}}",
                "malformed WAT record: Links is not an array");
        assertReason(payload(PAGE, img("a.jpg", "alt", "fine"), JSON.getNodeFactory().textNode("IMG@/src")),
                "malformed WAT record: Links[1] is not an object");
        ObjectNode badPath = link("url", "a.jpg", "alt", "x");
        badPath.put("path", 7);
        assertReason(payload(PAGE, badPath), "malformed WAT record: Links[0].path is not a string");
        ObjectNode badAlt = img("a.jpg");
        badAlt.putArray("alt").add("x");
        assertReason(payload(PAGE, badAlt), "malformed WAT record: Links[0].alt is not a string");
    }

    private static void assertReason(String json, String reasonStart) {
        assertThatThrownBy(() -> extract(PAGE, json))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith(reasonStart);
    }
}
