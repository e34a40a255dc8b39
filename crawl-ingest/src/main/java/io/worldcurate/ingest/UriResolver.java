package io.worldcurate.ingest;

import java.util.Locale;

/**
 * Resolves a URI reference against a base URI exactly as RFC 3986 section 5.2 says (the strict
 * parser: a reference with a scheme is taken as it is, so {@code "http:g"} stays {@code "http:g"}),
 * working on the strings themselves.
 *
 * <p>Why not {@link java.net.URI#resolve}: it refuses every string that is not a valid URI (crawled
 * {@code src} attributes hold spaces, {@code |}, {@code {}}, ...) and it deviates from RFC 3986 in
 * known ways, six of the section 5.4 examples among them: a {@code "?y"} reference loses the base's
 * last segment ({@code http://a/b/c/?y}, not {@code http://a/b/c/d;p?y}), an empty reference gives the
 * base's folder instead of the base, and {@code ".."} or {@code "."} segments above the root are kept
 * ({@code http://a/../g}). Here the components are split with
 * the regular expression of RFC 3986 appendix B, which accepts any string, and put together as
 * section 5.3 says; nothing is percent-encoded or decoded.
 *
 * <p>One normalisation is added: the scheme of the result is lower-cased (RFC 3986 section 3.1:
 * schemes are case-insensitive, the canonical form is lower case; Python's {@code urljoin} and
 * browsers do the same), so {@code HTTP://h/a.jpg} and {@code http://h/a.jpg} get one uuid. A
 * prefix before the first {@code ':'} counts as a scheme only when it is one by the grammar
 * ({@code ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )}); otherwise the reference is a relative path
 * ({@code "my photo:1.jpg"}).
 */
public final class UriResolver {

    private UriResolver() {
    }

    /** The five components of a URI reference; null for an undefined one (empty is defined). */
    record Parts(String scheme, String authority, String path, String query, String fragment) {

        /** Splits by RFC 3986 appendix B, with the scheme checked against the grammar. */
        static Parts parse(String s) {
            int n = s.length();
            int end = n;
            String fragment = null;
            int hash = s.indexOf('#');
            if (hash >= 0) {
                fragment = s.substring(hash + 1);
                end = hash;
            }
            String scheme = null;
            int i = 0;
            int colon = -1;
            for (int k = 0; k < end; k++) {
                char c = s.charAt(k);
                if (c == ':') {
                    colon = k;
                    break;
                }
                if (c == '/' || c == '?') {
                    break;
                }
            }
            if (colon > 0 && isScheme(s, colon)) {
                scheme = s.substring(0, colon);
                i = colon + 1;
            }
            String authority = null;
            if (end - i >= 2 && s.charAt(i) == '/' && s.charAt(i + 1) == '/') {
                int a = i + 2;
                int b = a;
                while (b < end && s.charAt(b) != '/' && s.charAt(b) != '?') {
                    b++;
                }
                authority = s.substring(a, b);
                i = b;
            }
            String query = null;
            int q = s.indexOf('?', i);
            int pathEnd = end;
            if (q >= 0 && q < end) {
                query = s.substring(q + 1, end);
                pathEnd = q;
            }
            String path = s.substring(i, pathEnd);
            return new Parts(scheme, authority, path, query, fragment);
        }

        private static boolean isScheme(String s, int colon) {
            char first = s.charAt(0);
            if (!isAlpha(first)) {
                return false;
            }
            for (int k = 1; k < colon; k++) {
                char c = s.charAt(k);
                if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                    return false;
                }
            }
            return true;
        }

        private static boolean isAlpha(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        /** Section 5.3, component recomposition. */
        String recompose() {
            StringBuilder sb = new StringBuilder();
            if (scheme != null) {
                sb.append(scheme.toLowerCase(Locale.ROOT)).append(':');
            }
            if (authority != null) {
                sb.append("//").append(authority);
            }
            sb.append(path);
            if (query != null) {
                sb.append('?').append(query);
            }
            if (fragment != null) {
                sb.append('#').append(fragment);
            }
            return sb.toString();
        }
    }

    /** The target URI of {@code reference} resolved against {@code base} (section 5.2.2, strict). */
    public static String resolve(String base, String reference) {
        Parts r = Parts.parse(reference);
        Parts b = Parts.parse(base);
        String scheme;
        String authority;
        String path;
        String query;
        if (r.scheme() != null) {
            scheme = r.scheme();
            authority = r.authority();
            path = removeDotSegments(r.path());
            query = r.query();
        } else {
            if (r.authority() != null) {
                authority = r.authority();
                path = removeDotSegments(r.path());
                query = r.query();
            } else {
                if (r.path().isEmpty()) {
                    path = b.path();
                    query = r.query() != null ? r.query() : b.query();
                } else {
                    if (r.path().startsWith("/")) {
                        path = removeDotSegments(r.path());
                    } else {
                        path = removeDotSegments(merge(b, r.path()));
                    }
                    query = r.query();
                }
                authority = b.authority();
            }
            scheme = b.scheme();
        }
        return new Parts(scheme, authority, path, query, r.fragment()).recompose();
    }

    /** Section 5.2.3. */
    private static String merge(Parts base, String referencePath) {
        if (base.authority() != null && base.path().isEmpty()) {
            return "/" + referencePath;
        }
        int slash = base.path().lastIndexOf('/');
        return slash < 0 ? referencePath : base.path().substring(0, slash + 1) + referencePath;
    }

    /** Section 5.2.4, step by step. */
    static String removeDotSegments(String path) {
        if (path.indexOf('.') < 0) {
            return path;
        }
        String in = path;
        StringBuilder out = new StringBuilder(path.length());
        while (!in.isEmpty()) {
            if (in.startsWith("../")) {
                in = in.substring(3);
            } else if (in.startsWith("./")) {
                in = in.substring(2);
            } else if (in.startsWith("/./")) {
                in = in.substring(2);
            } else if (in.equals("/.")) {
                in = "/";
            } else if (in.startsWith("/../")) {
                in = in.substring(3);
                removeLastSegment(out);
            } else if (in.equals("/..")) {
                in = "/";
                removeLastSegment(out);
            } else if (in.equals(".") || in.equals("..")) {
                in = "";
            } else {
                int start = in.startsWith("/") ? 1 : 0;
                int next = in.indexOf('/', start);
                if (next < 0) {
                    next = in.length();
                }
                out.append(in, 0, next);
                in = in.substring(next);
            }
        }
        return out.toString();
    }

    private static void removeLastSegment(StringBuilder out) {
        int slash = out.lastIndexOf("/");
        out.setLength(Math.max(slash, 0));
    }
}
