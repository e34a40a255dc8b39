package io.worldcurate.core.testing;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Seeded random property tests for JUnit 5: {@code Property.forAll("name", gen, value -> assertions)}
 * inside a {@code @Test} checks the assertions on a few hundred generated cases.
 *
 * <p>Case {@code i} is drawn from a random generator seeded with (seed, i) alone, so a run is
 * reproducible and a single case can be replayed. The seed is {@link #DEFAULT_SEED} unless the
 * system property {@code property.seed} gives another (a number, or {@code random} for a fresh one);
 * {@code property.cases} overrides every property's number of cases; {@code property.case} runs only
 * that case index. With Maven: {@code ./mvnw -pl curation-core -am verify -Dtest=SomeTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dproperty.seed=42 -Dproperty.case=17}.
 *
 * <p>On failure the error names the property, the seed and case index to replay it, the failing case,
 * a shrunk (smaller) failing case when the generator can shrink, and the assertion that failed.
 */
public final class Property {

    /** The seed of every run unless {@code -Dproperty.seed} says otherwise: CI runs are reproducible. */
    public static final long DEFAULT_SEED = 20250730L;
    /** Cases per property unless the caller or {@code -Dproperty.cases} says otherwise. */
    public static final int DEFAULT_CASES = 300;
    /** The most candidate cases tried while shrinking a failure. */
    static final int SHRINK_BUDGET = 2_000;

    /** The assertions of a property; any exception or error (other than a VM error) is a failure. */
    @FunctionalInterface
    public interface Check<T> {
        void check(T value) throws Exception;
    }

    private Property() {
    }

    /** Checks {@code check} on {@value #DEFAULT_CASES} cases of {@code gen}. */
    public static <T> void forAll(String name, Gen<T> gen, Check<? super T> check) {
        forAll(name, DEFAULT_CASES, gen, check);
    }

    /** Checks {@code check} on {@code cases} cases of {@code gen} ({@code -Dproperty.cases} overrides it). */
    public static <T> void forAll(String name, int cases, Gen<T> gen, Check<? super T> check) {
        run(name, seed(), Integer.getInteger("property.cases", cases), Integer.getInteger("property.case"), gen, check);
    }

    /** {@link #forAll} with explicit settings: {@code only}, when not null, is the one case index to run. */
    static <T> void run(String name, long seed, int n, Integer only, Gen<T> gen, Check<? super T> check) {
        int from = only == null ? 0 : only;
        int to = only == null ? n : only + 1;
        for (int i = from; i < to; i++) {
            T value = gen.generate(new SplittableRandom(caseSeed(seed, i)));
            Throwable failure = failure(check, value);
            if (failure != null) {
                throw failed(name, seed, i, n, gen, check, value, failure);
            }
        }
    }

    /** The seed of this run: {@code -Dproperty.seed} (a long, or {@code random}), else {@link #DEFAULT_SEED}. */
    public static long seed() {
        String s = System.getProperty("property.seed");
        if (s == null || s.isBlank()) {
            return DEFAULT_SEED;
        }
        if (s.equalsIgnoreCase("random")) {
            return new SecureRandom().nextLong();
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dproperty.seed must be a long or 'random', not '" + s + "'");
        }
    }

    /** The seed of case {@code index}: a mix of both, so that neighbouring cases are unrelated. */
    static long caseSeed(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static <T> Throwable failure(Check<? super T> check, T value) {
        try {
            check.check(value);
            return null;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            return t;
        }
    }

    private static <T> AssertionError failed(String name, long seed, int index, int cases, Gen<T> gen,
                                             Check<? super T> check, T value, Throwable failure) {
        // greedy shrinking: take the first smaller candidate that still fails, until none does
        T smallest = value;
        Throwable smallestFailure = failure;
        int steps = 0;
        int tried = 0;
        boolean shrunk = true;
        while (shrunk && tried < SHRINK_BUDGET) {
            shrunk = false;
            Iterator<T> candidates = gen.shrink(smallest).iterator();
            while (candidates.hasNext() && tried < SHRINK_BUDGET) {
                T candidate = candidates.next();
                tried++;
                Throwable f = failure(check, candidate);
                if (f != null) {
                    smallest = candidate;
                    smallestFailure = f;
                    steps++;
                    shrunk = true;
                    break;
                }
            }
        }
        StringBuilder msg = new StringBuilder()
                .append("property '").append(name).append("' failed at case ").append(index)
                .append(" of ").append(cases).append(" (seed ").append(seed).append(")\n")
                .append("  replay: -Dproperty.seed=").append(seed).append(" -Dproperty.case=").append(index).append('\n')
                .append("  failing case: ").append(describe(value)).append('\n');
        if (steps > 0) {
            msg.append("  shrunk (").append(steps).append(" steps, ").append(tried).append(" tried): ")
                    .append(describe(smallest)).append('\n');
        }
        msg.append("  failure").append(steps > 0 ? " of the shrunk case: " : ": ").append(smallestFailure);
        return new AssertionError(msg.toString(), smallestFailure);
    }

    /**
     * A readable, unambiguous form of a case: strings quoted with invisible characters escaped,
     * arrays, collections, maps and records element by element.
     */
    public static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof CharSequence s) {
            return quote(s.toString());
        }
        if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "" : ", ").append(describe(Array.get(v, i)));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(Property::describe).collect(Collectors.joining(", ", "[", "]"));
        }
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> describe(e.getKey()) + "=" + describe(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (v instanceof Gen.Pair<?, ?>) {
            return v.toString();
        }
        if (v.getClass().isRecord()) {
            StringBuilder sb = new StringBuilder(v.getClass().getSimpleName()).append('[');
            RecordComponent[] parts = v.getClass().getRecordComponents();
            for (int i = 0; i < parts.length; i++) {
                Object part;
                try {
                    parts[i].getAccessor().setAccessible(true);
                    part = parts[i].getAccessor().invoke(v);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    part = "?";
                }
                sb.append(i == 0 ? "" : ", ").append(parts[i].getName()).append('=').append(describe(part));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> {
                    int type = Character.getType(cp);
                    boolean invisible = Character.isISOControl(cp) || (Character.isSpaceChar(cp) && cp != ' ')
                            || type == Character.FORMAT || type == Character.SURROGATE
                            || type == Character.UNASSIGNED || type == Character.PRIVATE_USE;
                    if (invisible) {
                        if (Character.isBmpCodePoint(cp)) {
                            sb.append(String.format("\\u%04x", cp));
                        } else {
                            sb.append(String.format("\\u%04x\\u%04x", (int) Character.highSurrogate(cp), (int) Character.lowSurrogate(cp)));
                        }
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        return sb.append('"').toString();
    }
}
