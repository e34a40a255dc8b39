package io.worldcurate.core.synthetic;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.worldcurate.core.metadata.MetadataDirectory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Small metadata folders for the generator's tests. */
final class SyntheticFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Entries that look like real metadata, with the awkward cases of the spec. */
    static final List<String> EN = List.of("cat", "dog", "red car", "ice cream", "C++", "(test)", "\"quoted\"",
            "-den hali", "e-mail", "New York", "photo", "and", "naïve", "café au lait", "x", "3D", "Ω", "😀 smile",
            "back\\slash", "HTML <b>", "50%", "C++", // repeated: matches under its first id only
            "", "   ", "a,b", "x.y", "why?", "semi;colon", "co:lon", "wow!", "back`tick", "tab\there", "line\nfeed");
    static final List<String> ZH = List.of("红色汽车", "猫", "狗", "天空", "城市", "火车站", "维基百科", "高楼", "长城",
            "A型", "3D打印", "iPhone", "（测试）", "北京", "上海", "熊猫", "咖啡", "茶", "书", "山");
    static final List<String> JA = List.of("カメラ", "猫", "0系", "東京", "写真家", "さくら", "富士山", "ラーメン",
            "新幹線", "寿司", "ねこ", "犬", "桜", "京都", "お茶");
    static final List<String> TH = List.of("แมว", "สุนัข", "ทะเล", "100", "ภูเขา", "กรุงเทพ", "วัด", "ดอกไม้");
    static final List<String> KM = List.of("ឆ្មា", "ឆ្កែ", "ផ្ទះ", "ភ្នំ", "ទឹក", "2020");
    static final List<String> KO = List.of("고양이", "개", "서울 타워", "바다", "산", "꽃", "김치");
    static final List<String> DE = List.of("Hund", "Katze", "Haus", "Straße", "Bahnhof", "U-Bahn", "(Foto)",
            "Berliner Mauer", "Äpfel", "Hund");
    static final List<String> SW = List.of("paka", "mbwa", "nyumba", "mlima", "maji", "Dar es Salaam");

    private SyntheticFixtures() {
    }

    static Path write(Path dir, Map<String, List<String>> files) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, List<String>> e : files.entrySet()) {
                JSON.writeValue(dir.resolve(e.getKey() + ".json").toFile(), e.getValue());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hand-written awkward entries for en, zh, ja, th, km, ko, de, sw. */
    static MetadataDirectory awkward(Path dir) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("en", EN);
        m.put("zh", ZH);
        m.put("ja", JA);
        m.put("th", TH);
        m.put("km", KM);
        m.put("ko", KO);
        m.put("de", DE);
        m.put("sw", SW);
        return new MetadataDirectory(write(dir, m));
    }

    /** {@code prefix0000}, {@code prefix0001}, ...: alphabetical order is id order. */
    static List<String> words(String prefix, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(String.format("%s%04d", prefix, i));
        }
        return out;
    }

    /** All 13 default languages with {@code n} plain words each, plus the awkward entries where there are some. */
    static MetadataDirectory allDefaults(Path dir, int n) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (LanguageWeight w : CrawlSettings.DEFAULT_LANGUAGES) {
            List<String> entries = new ArrayList<>(words(w.language() + "w", n));
            switch (w.language()) {
                case "en" -> entries.addAll(EN);
                case "zh" -> entries.addAll(ZH);
                case "ja" -> entries.addAll(JA);
                case "ko" -> entries.addAll(KO);
                case "de" -> entries.addAll(DE);
                default -> { }
            }
            m.put(w.language(), entries);
        }
        return new MetadataDirectory(write(dir, m));
    }

    static byte[] read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    /** The lines of a (possibly gzipped) JSONL file, as UTF-8 bytes each. */
    static List<byte[]> lines(Path file) throws IOException {
        String all = new String(read(file), StandardCharsets.UTF_8);
        if (all.isEmpty()) {
            return List.of();
        }
        List<byte[]> out = new ArrayList<>();
        for (String line : all.split("\n", -1)) {
            out.add(line.getBytes(StandardCharsets.UTF_8));
        }
        if (out.get(out.size() - 1).length == 0) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    static List<GeneratedImage> generate(CrawlGenerator g) {
        List<GeneratedImage> out = new ArrayList<>();
        g.images().forEachRemaining(out::add);
        return out;
    }

    static String describe(int[] ids) {
        return Arrays.toString(ids);
    }
}
