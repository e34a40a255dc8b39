package io.worldcurate.core.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A generator of random test cases for {@link Property}, with an optional shrinker that proposes
 * smaller variants of a failing case (each strictly "smaller", so shrinking ends).
 *
 * <p>Generators are built from the factories here ({@link #longs}, {@link #oneOf}, {@link #lists},
 * {@link #frequency}, {@link #pairs}, ...) and combined with {@link #map}, {@link #filter}.
 */
public interface Gen<T> {

    /** A new case drawn from {@code random} only, so that a seed replays it. */
    T generate(RandomGenerator random);

    /** Smaller variants of {@code value}, most aggressive first; empty when it cannot shrink. */
    default Stream<T> shrink(T value) {
        return Stream.empty();
    }

    /** A generator from a drawing function and a shrinker. */
    static <T> Gen<T> of(Function<RandomGenerator, T> draw, Function<T, Stream<T>> shrinker) {
        Objects.requireNonNull(draw);
        Objects.requireNonNull(shrinker);
        return new Gen<>() {
            @Override
            public T generate(RandomGenerator random) {
                return draw.apply(random);
            }

            @Override
            public Stream<T> shrink(T value) {
                return shrinker.apply(value);
            }
        };
    }

    /** A generator that does not shrink. */
    static <T> Gen<T> of(Function<RandomGenerator, T> draw) {
        return of(draw, v -> Stream.empty());
    }

    /** Maps cases; the result does not shrink (use {@link #map(Function, Function)} to keep shrinking). */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        Gen<T> self = this;
        return of(r -> f.apply(self.generate(r)));
    }

    /** Maps cases with a function and its inverse, so that the result shrinks as this generator does. */
    default <R> Gen<R> map(Function<? super T, ? extends R> f, Function<? super R, ? extends T> inverse) {
        Gen<T> self = this;
        return of(r -> f.apply(self.generate(r)), v -> self.shrink(inverse.apply(v)).map(f));
    }

    /** Only cases that satisfy {@code keep}, shrunk cases included; gives up after 1000 rejections in a row. */
    default Gen<T> filter(Predicate<? super T> keep) {
        Gen<T> self = this;
        return of(r -> {
            for (int i = 0; i < 1000; i++) {
                T v = self.generate(r);
                if (keep.test(v)) {
                    return v;
                }
            }
            throw new IllegalStateException("filter rejected 1000 generated cases in a row");
        }, v -> self.shrink(v).filter(keep));
    }

    /** Always {@code value}. */
    static <T> Gen<T> constant(T value) {
        return of(r -> value);
    }

    /**
     * Longs in [min, max], uniform, with min and max themselves drawn one time in 20 each
     * (boundaries are where bugs live); shrinks towards min.
     */
    static Gen<Long> longs(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("min > max");
        }
        return of(r -> {
            int edge = r.nextInt(20);
            if (edge == 0) {
                return min;
            }
            if (edge == 1) {
                return max;
            }
            return max == Long.MAX_VALUE ? r.nextLong(min, max) : r.nextLong(min, max + 1);
        }, v -> v < min || v > max ? Stream.empty() : shrinkTowards(v, min));
    }

    /** Ints in [min, max], as {@link #longs}. */
    static Gen<Integer> ints(int min, int max) {
        return longs(min, max).map(Long::intValue, Integer::longValue);
    }

    private static Stream<Long> shrinkTowards(long v, long target) {
        // target, then halfway, a quarter of the way... and finally v - 1: a binary search for the boundary
        List<Long> out = new ArrayList<>();
        long d;
        try {
            d = Math.subtractExact(v, target);
        } catch (ArithmeticException tooFar) {
            d = (v >> 1) - (target >> 1);
        }
        while (d != 0) {
            out.add(v - d);
            d /= 2;
        }
        return out.stream();
    }

    /**
     * Doubles in [min, max]: uniform, with min, max and the midpoint drawn one time in 10 in all;
     * shrinks towards min and towards values with fewer decimals.
     */
    static Gen<Double> doubles(double min, double max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("min > max");
        }
        return of(r -> {
            int edge = r.nextInt(30);
            if (edge == 0) {
                return min;
            }
            if (edge == 1) {
                return max;
            }
            if (edge == 2) {
                return min + (max - min) / 2;
            }
            return Math.min(max, min + r.nextDouble() * (max - min));
        }, v -> {
            List<Double> out = new ArrayList<>();
            out.add(min);
            for (double scale : new double[] {1, 10, 100, 1000}) {
                out.add(Math.round(v * scale) / scale);
            }
            return out.stream().filter(c -> c >= min && c <= max && simpler(c, v)).distinct();
        });
    }

    private static boolean simpler(double candidate, double v) {
        return candidate != v && (candidate == Math.rint(candidate) || Double.toString(candidate).length() < Double.toString(v).length());
    }

    /** One of {@code values}, uniformly; shrinks towards the first ones. */
    @SafeVarargs
    static <T> Gen<T> oneOf(T... values) {
        return oneOf(List.of(values));
    }

    /** One of {@code values}, uniformly; shrinks towards the first ones. */
    static <T> Gen<T> oneOf(List<T> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<T> copy = List.copyOf(values);
        return of(r -> copy.get(r.nextInt(copy.size())), v -> {
            int i = copy.indexOf(v);
            return i <= 0 ? Stream.empty() : copy.subList(0, i).stream();
        });
    }

    /** A generator and its weight, for {@link #frequency}. */
    record Weighted<T>(int weight, Gen<T> gen) {
        public Weighted {
            if (weight <= 0) {
                throw new IllegalArgumentException("weight must be > 0");
            }
        }
    }

    static <T> Weighted<T> weighted(int weight, Gen<T> gen) {
        return new Weighted<>(weight, gen);
    }

    /**
     * Picks one of the generators with probability proportional to its weight. A case shrinks with
     * every alternative's shrinker (so each should propose nothing for values it cannot produce).
     */
    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<T>... alternatives) {
        List<Weighted<T>> alts = List.of(alternatives);
        int total = alts.stream().mapToInt(Weighted::weight).sum();
        return of(r -> {
            int pick = r.nextInt(total);
            for (Weighted<T> w : alts) {
                pick -= w.weight();
                if (pick < 0) {
                    return w.gen().generate(r);
                }
            }
            throw new AssertionError("unreachable");
        }, v -> alts.stream().flatMap(w -> w.gen().shrink(v)).distinct());
    }

    /**
     * Lists of {@code minSize..maxSize} elements, the size uniform (min and max sizes drawn more
     * often); shrinks by removing runs of elements (halves first), then by shrinking single elements.
     */
    static <T> Gen<List<T>> lists(Gen<T> element, int minSize, int maxSize) {
        if (minSize < 0 || minSize > maxSize) {
            throw new IllegalArgumentException("bad sizes " + minSize + ".." + maxSize);
        }
        return of(r -> {
            int edge = r.nextInt(20);
            int size = edge == 0 ? minSize : edge == 1 ? maxSize : r.nextInt(minSize, maxSize + 1);
            List<T> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(element.generate(r));
            }
            return List.copyOf(list);
        }, list -> {
            int n = list.size();
            Stream<List<T>> removals = Stream.iterate(n, chunk -> chunk > 0, chunk -> chunk / 2)
                    .filter(chunk -> n - chunk >= minSize)
                    .flatMap(chunk -> IntStream.iterate(0, from -> from < n, from -> from + chunk)
                            .mapToObj(from -> without(list, from, Math.min(n, from + chunk))));
            Stream<List<T>> elements = IntStream.range(0, n).boxed()
                    .flatMap(i -> element.shrink(list.get(i)).map(e -> replaced(list, i, e)));
            return Stream.concat(removals, elements);
        });
    }

    private static <T> List<T> without(List<T> list, int from, int to) {
        List<T> out = new ArrayList<>(list.subList(0, from));
        out.addAll(list.subList(to, list.size()));
        return List.copyOf(out);
    }

    private static <T> List<T> replaced(List<T> list, int i, T e) {
        List<T> out = new ArrayList<>(list);
        out.set(i, e);
        return List.copyOf(out);
    }

    /** Arrays of longs, as {@link #lists} of {@code element}. */
    static Gen<long[]> longArrays(Gen<Long> element, int minSize, int maxSize) {
        return lists(element, minSize, maxSize).map(
                l -> l.stream().mapToLong(Long::longValue).toArray(),
                a -> Arrays.stream(a).boxed().toList());
    }

    /**
     * Strings of {@code minLength..maxLength} symbols from {@code alphabet} (each symbol one code
     * point, so that a shrunk string still splits into symbols); shrinks as {@link #lists} does.
     */
    static Gen<String> strings(List<String> alphabet, int minLength, int maxLength) {
        for (String s : alphabet) {
            if (s.codePointCount(0, s.length()) != 1) {
                throw new IllegalArgumentException("alphabet symbols must be single code points: " + Property.describe(s));
            }
        }
        return lists(oneOf(alphabet), minLength, maxLength).map(
                l -> String.join("", l),
                s -> s.codePoints().mapToObj(Character::toString).toList());
    }

    /** Two values. */
    record Pair<A, B>(A first, B second) {
        @Override
        public String toString() {
            return "(" + Property.describe(first) + ", " + Property.describe(second) + ")";
        }
    }

    /** Pairs of independent values; shrinks the first, then the second. */
    static <A, B> Gen<Pair<A, B>> pairs(Gen<A> first, Gen<B> second) {
        return of(r -> new Pair<>(first.generate(r), second.generate(r)),
                p -> Stream.concat(
                        first.shrink(p.first()).map(a -> new Pair<>(a, p.second())),
                        second.shrink(p.second()).map(b -> new Pair<>(p.first(), b))));
    }
}
