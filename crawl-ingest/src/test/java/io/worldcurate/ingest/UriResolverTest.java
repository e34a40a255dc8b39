package io.worldcurate.ingest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UriResolverTest {

    private static final String BASE = "http://a/b/c/d;p?q";

    /** RFC 3986 section 5.4.1, every example ("?y" and "" are two that java.net.URI.resolve gets wrong). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "g:h      | g:h",
            "g        | http://a/b/c/g",
            "./g      | http://a/b/c/g",
            "g/       | http://a/b/c/g/",
            "/g       | http://a/g",
            "//g      | http://g",
            "?y       | http://a/b/c/d;p?y",
            "g?y      | http://a/b/c/g?y",
            "#s       | http://a/b/c/d;p?q#s",
            "g#s      | http://a/b/c/g#s",
            "g?y#s    | http://a/b/c/g?y#s",
            ";x       | http://a/b/c/;x",
            "g;x      | http://a/b/c/g;x",
            "g;x?y#s  | http://a/b/c/g;x?y#s",
            "\"\"     | http://a/b/c/d;p?q",
            ".        | http://a/b/c/",
            "./       | http://a/b/c/",
            "..       | http://a/b/",
            "../      | http://a/b/",
            "../g     | http://a/b/g",
            "../..    | http://a/",
            "../../   | http://a/",
            "../../g  | http://a/g",
    })
    void normalExamples(String reference, String expected) {
        assertThat(UriResolver.resolve(BASE, reference)).isEqualTo(expected);
    }

    /**
     * RFC 3986 section 5.4.2, every example (the strict parser's answer for "http:g"; java.net.URI.resolve gets the
     * first four wrong).
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "../../../g     | http://a/g",
            "../../../../g  | http://a/g",
            "/./g           | http://a/g",
            "/../g          | http://a/g",
            "g.             | http://a/b/c/g.",
            ".g             | http://a/b/c/.g",
            "g..            | http://a/b/c/g..",
            "..g            | http://a/b/c/..g",
            "./../g         | http://a/b/g",
            "./g/.          | http://a/b/c/g/",
            "g/./h          | http://a/b/c/g/h",
            "g/../h         | http://a/b/c/h",
            "g;x=1/./y      | http://a/b/c/g;x=1/y",
            "g;x=1/../y     | http://a/b/c/y",
            "g?y/./x        | http://a/b/c/g?y/./x",
            "g?y/../x       | http://a/b/c/g?y/../x",
            "g#s/./x        | http://a/b/c/g#s/./x",
            "g#s/../x       | http://a/b/c/g#s/../x",
            "http:g         | http:g",
    })
    void abnormalExamples(String reference, String expected) {
        assertThat(UriResolver.resolve(BASE, reference)).isEqualTo(expected);
    }

    @Test
    void aBaseWithAnEmptyPathKeepsItForAQueryAndGetsASlashForAPath() {
        assertThat(UriResolver.resolve("http://a", "?y")).isEqualTo("http://a?y");
        assertThat(UriResolver.resolve("http://a", "g")).isEqualTo("http://a/g");
        assertThat(UriResolver.resolve("http://a", "")).isEqualTo("http://a");
        assertThat(UriResolver.resolve("http://a?q", "#f")).isEqualTo("http://a?q#f");
    }

    @Test
    void dotSegmentsAboveTheRootAreDropped() {
        // java.net.URI.resolve keeps them: http://a/../g (as for RFC 3986's "../../../g")
        assertThat(UriResolver.resolve("http://a/b", "../g")).isEqualTo("http://a/g");
        assertThat(UriResolver.resolve("http://a/", "../../x.jpg")).isEqualTo("http://a/x.jpg");
        assertThat(UriResolver.resolve("http://a/b/c", "http://h/x/../y/./z.jpg")).isEqualTo("http://h/y/z.jpg");
        assertThat(UriResolver.resolve("http://a/b/c", "//h/x/../z.jpg")).isEqualTo("http://h/z.jpg");
    }

    @Test
    void theBaseFragmentIsNeverKeptAndTheReferenceFragmentAlwaysIs() {
        assertThat(UriResolver.resolve("http://a/b#frag", "")).isEqualTo("http://a/b");
        assertThat(UriResolver.resolve("http://a/b#frag", "c.jpg")).isEqualTo("http://a/c.jpg");
        assertThat(UriResolver.resolve("http://a/b#frag", "c.jpg#x")).isEqualTo("http://a/c.jpg#x");
    }

    @Test
    void stringsThatAreNoValidUriAreResolvedAsTheyAre() {
        assertThat(UriResolver.resolve("https://www.example.org/news/today.html", "img/a b|c{d}.jpg"))
                .isEqualTo("https://www.example.org/news/img/a b|c{d}.jpg");
        assertThat(UriResolver.resolve("https://www.example.org/news/", "bilder/straße.jpg"))
                .isEqualTo("https://www.example.org/news/bilder/straße.jpg");
        // a colon in the first segment without a valid scheme before it: a relative path
        assertThat(UriResolver.resolve("https://www.example.org/news/", "my photo:1.jpg"))
                .isEqualTo("https://www.example.org/news/my photo:1.jpg");
        assertThat(UriResolver.resolve("https://www.example.org/news/", "1x:a.jpg"))
                .isEqualTo("https://www.example.org/news/1x:a.jpg");
        // an empty query stays (Python's urljoin drops it)
        assertThat(UriResolver.resolve("https://www.example.org/news/", "a.jpg?")).isEqualTo("https://www.example.org/news/a.jpg?");
    }

    @Test
    void theSchemeIsLowerCasedAndNothingElse() {
        assertThat(UriResolver.resolve("HTTPS://Www.Example.org/A/b", "C.jpg")).isEqualTo("https://Www.Example.org/A/C.jpg");
        assertThat(UriResolver.resolve("http://a/b", "HTTP://Host/X.JPG")).isEqualTo("http://Host/X.JPG");
        assertThat(UriResolver.resolve("http://a/b", "data:image/png;base64,AAAA")).isEqualTo("data:image/png;base64,AAAA");
    }

    @Test
    void removeDotSegmentsFollowsSection524() {
        assertThat(UriResolver.removeDotSegments("/a/b/c/./../../g")).isEqualTo("/a/g");
        assertThat(UriResolver.removeDotSegments("mid/content=5/../6")).isEqualTo("mid/6");
        assertThat(UriResolver.removeDotSegments("/..")).isEqualTo("/");
        assertThat(UriResolver.removeDotSegments("a/..")).isEqualTo("/");
    }
}
