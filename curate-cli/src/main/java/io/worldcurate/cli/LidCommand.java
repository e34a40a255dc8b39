package io.worldcurate.cli;

import io.worldcurate.core.lang.LanguageAssigner;
import io.worldcurate.core.lang.LanguageCodes;
import io.worldcurate.core.lang.LidEngines;
import io.worldcurate.core.lang.LidSettings;
import io.worldcurate.core.metadata.MetadataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code curate lid}: language identification alone, one text per line, giving for each line the
 * metadata language that {@code batch} assigns to that text when its {@code lang} is empty.
 */
@Command(name = "lid", mixinStandardHelpOptions = true, subcommands = LidTrainCommand.class,
        description = {"Identifies the language of each line of a UTF-8 text file (one text per line) as batch does for texts "
                + "without a language, and writes one line per input line, in order: the metadata language code, a tab, the "
                + "engine's confidence (0 to 1). Blank lines give 'other'. Lines that are not valid UTF-8 (lone surrogates "
                + "included) or longer than 1 MiB are reported with their line number on stderr and written as 'other' with "
                + "confidence 0; the run goes on.",
                "Prints texts/s, and how many texts went to 'other' because the engine's label has no metadata."})
final class LidCommand implements Callable<Integer> {

    /** Lines longer than this are not identified, as batch rejects records over its default size limit. */
    static final int MAX_LINE_BYTES = 1 << 20;
    private static final int CHUNK = 4096;

    @Spec
    CommandSpec spec;

    @Option(names = "--input", paramLabel = "FILE", description = "UTF-8 text, one text per line (required).")
    Path input;

    @Option(names = "--out", paramLabel = "FILE", description = "Output: one 'code<TAB>confidence' line per input line (required).")
    Path out;

    @Option(names = "--lid", paramLabel = "ENGINE", description = "Engine: " + LidEngines.HELP + " (default: ${DEFAULT-VALUE}).")
    String lid = LidEngines.DEFAULT;

    @Option(names = "--lid-languages", paramLabel = "a,b,..", split = ",",
            description = "ISO 639-1 codes Lingua chooses among (default: all it knows).")
    String[] lidLanguages = new String[0];

    @Option(names = "--lid-min-distance", paramLabel = "D",
            description = "Lingua's minimum relative distance, 0 to 0.99 (default: ${DEFAULT-VALUE}).")
    double lidMinDistance = 0.0;

    @Option(names = "--metadata", paramLabel = "DIR", description = ActiveMetadata.OPTION_DESCRIPTION)
    Path metadata;

    @Option(names = "--threads", paramLabel = "N", description = "Identification threads (default: every core, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    /** One input line: its text, or why it has none. */
    private record Line(long number, String text, String problem) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if (input == null || out == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "lid needs --input FILE and --out FILE (or the subcommand train)");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        LidSettings settings = new LidSettings(lid, new HashSet<>(Arrays.asList(lidLanguages)), lidMinDistance);
        MetadataSource md = ActiveMetadata.open(metadata, r -> { });
        long t0 = System.nanoTime();
        LanguageAssigner assigner = new LanguageAssigner(md, () -> LidEngines.shared(settings));
        assigner.engineName(); // loads the model now, so that texts/s measures identification alone
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        stdout.printf(Locale.ROOT, "engine %s loaded in %.1f s%n", settings.engine(), loadSeconds);
        stdout.flush();

        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lid");
            t.setDaemon(true);
            return t;
        });
        long texts = 0;
        long problems = 0;
        long start = System.nanoTime();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(input), 1 << 16);
             BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            LineSource source = new LineSource(in);
            while (true) {
                List<Line> chunk = source.next(CHUNK);
                if (chunk.isEmpty()) {
                    break;
                }
                String[] results = new String[chunk.size()];
                List<Future<?>> parts = new ArrayList<>();
                int per = (chunk.size() + threads - 1) / threads;
                for (int from = 0; from < chunk.size(); from += per) {
                    int lo = from;
                    int hi = Math.min(chunk.size(), from + per);
                    parts.add(pool.submit(() -> {
                        for (int i = lo; i < hi; i++) {
                            results[i] = identify(assigner, chunk.get(i));
                        }
                    }));
                }
                for (Future<?> f : parts) {
                    f.get();
                }
                for (int i = 0; i < results.length; i++) {
                    Line l = chunk.get(i);
                    if (l.problem() != null) {
                        problems++;
                        err.printf("line %d: %s; written as other%n", l.number(), l.problem());
                    }
                    w.write(results[i]);
                    w.write('\n');
                }
                texts += chunk.size();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-9);
        stdout.printf(Locale.ROOT, "%d texts in %.2f s: %.0f texts/s on %d threads (%s); %d lines not identified for bad input%n",
                texts, seconds, texts / seconds, threads, settings.engine(), problems);
        if (!assigner.unmappedLabels().isEmpty()) {
            stdout.printf(Locale.ROOT, "labels without metadata, written as other: %s%n", assigner.unmappedLabels());
        }
        stdout.printf("wrote %s%n", out);
        err.flush();
        return 0;
    }

    private static String identify(LanguageAssigner assigner, Line l) {
        if (l.problem() != null || l.text().isBlank()) {
            return LanguageCodes.OTHER + "\t0";
        }
        LanguageAssigner.Identified id = assigner.identify(l.text());
        return id.language() + "\t" + String.format(Locale.ROOT, "%.4f", id.confidence());
    }

    /** Splits bytes into lines on '\n' (a '\r' before it is dropped), decoding each strictly, never holding more than 1 MiB of one line. */
    private static final class LineSource {
        private final InputStream in;
        private long number;
        private boolean eof;

        LineSource(InputStream in) {
            this.in = in;
        }

        List<Line> next(int max) throws IOException {
            List<Line> lines = new ArrayList<>(max);
            ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
            while (!eof && lines.size() < max) {
                buf.reset();
                long length = 0;
                int b;
                boolean any = false;
                while ((b = in.read()) >= 0) {
                    any = true;
                    if (b == '\n') {
                        break;
                    }
                    length++;
                    if (length <= MAX_LINE_BYTES + 1) {
                        buf.write(b);
                    }
                }
                if (b < 0) {
                    eof = true;
                    if (!any) {
                        break;
                    }
                }
                number++;
                byte[] bytes = buf.toByteArray();
                int n = bytes.length;
                if (length <= MAX_LINE_BYTES + 1 && n > 0 && bytes[n - 1] == '\r') {
                    n--;
                    length--;
                }
                if (length > MAX_LINE_BYTES) {
                    lines.add(new Line(number, null, "longer than 1 MiB (" + length + " bytes), not identified"));
                    continue;
                }
                try {
                    String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, n)).toString();
                    lines.add(new Line(number, text, null));
                } catch (CharacterCodingException e) {
                    lines.add(new Line(number, null, describeBadUtf8(bytes, n)));
                }
            }
            return lines;
        }

        private static String describeBadUtf8(byte[] b, int n) {
            for (int i = 0; i < n; i++) {
                if ((b[i] & 0xFF) == 0xED && i + 1 < n && (b[i + 1] & 0xE0) == 0xA0) {
                    return "a lone surrogate (UTF-16 surrogate encoded as UTF-8) at byte " + i + ", not valid UTF-8";
                }
            }
            return "invalid UTF-8";
        }
    }
}
