package io.worldcurate.core.synthetic;

import io.worldcurate.core.text.Spacing;

import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The filler words of one language (prefixes, connectors between concepts, suffixes) and how tokens
 * are joined: with spaces, or, for scripts written without spaces, directly.
 */
final class Phrasebook {

    /** Languages written without spaces between words: their tokens are concatenated. */
    static final Set<String> UNSPACED = Set.of("zh", "ja", "th", "lo", "my", "km", "bo", "yue", "dz");

    /** Punctuation that attaches to the previous token in spaced languages (the text spacing splits it off again). */
    private static final String ATTACHING = ",.;:?!";

    private static final Map<String, Phrasebook> BOOKS = Map.ofEntries(
            Map.entry("en", new Phrasebook(true,
                    a("a photo of", "A photo of", "photo of", "image of", "picture of", "the", "a", "close-up of",
                            "view of", "Free"),
                    a("and", "with", "in", "on", "of", "at", "near", "&", "-", "|", ",", "+"),
                    a("stock photo", "for sale", "2019", "2023", "HD wallpaper", "in the city", "| Free Stock Photo",
                            "(2)", "on white background"))),
            Map.entry("de", new Phrasebook(true,
                    a("Foto von", "Bild von", "Bild:", "ein", "eine", "der", "die", "das", "Nahaufnahme von",
                            "Blick auf"),
                    a("und", "mit", "im", "auf", "von", "bei", "für", "-", "|", ","),
                    a("Stockfoto", "kaufen", "2019", "im Sommer", "Hintergrundbild", "| Bildagentur", "(3)",
                            "in Berlin"))),
            Map.entry("fr", new Phrasebook(true,
                    a("photo de", "Photo de", "image de", "le", "la", "les", "un", "une", "vue de", "gros plan de"),
                    a("et", "avec", "dans", "sur", "de", "du", "à", "pour", "-", "|", ","),
                    a("photo stock", "à vendre", "2020", "en été", "fond d'écran", "| banque d'images", "à Paris"))),
            Map.entry("es", new Phrasebook(true,
                    a("foto de", "Foto de", "imagen de", "el", "la", "los", "un", "una", "vista de"),
                    a("y", "con", "en", "sobre", "de", "del", "para", "-", "|", ","),
                    a("foto de stock", "en venta", "2021", "en verano", "fondo de pantalla", "en Madrid"))),
            Map.entry("it", new Phrasebook(true,
                    a("foto di", "Foto di", "immagine di", "il", "la", "lo", "un", "una", "vista di"),
                    a("e", "con", "in", "su", "di", "del", "per", "-", "|", ","),
                    a("foto stock", "in vendita", "2018", "d'estate", "sfondo", "a Roma"))),
            Map.entry("nl", new Phrasebook(true,
                    a("foto van", "Foto van", "afbeelding van", "de", "het", "een", "uitzicht op"),
                    a("en", "met", "in", "op", "van", "voor", "bij", "-", "|", ","),
                    a("stockfoto", "te koop", "2019", "in de zomer", "achtergrond", "in Amsterdam"))),
            Map.entry("cs", new Phrasebook(true,
                    a("fotografie", "Fotografie", "obrázek", "pohled na", "detail"),
                    a("a", "s", "v", "na", "z", "pro", "u", "-", "|", ","),
                    a("fotobanka", "na prodej", "2017", "v létě", "tapeta", "v Praze"))),
            Map.entry("pl", new Phrasebook(true,
                    a("zdjęcie", "Zdjęcie", "obraz", "widok na", "zbliżenie"),
                    a("i", "z", "w", "na", "dla", "przy", "-", "|", ","),
                    a("zdjęcie stockowe", "na sprzedaż", "2020", "latem", "tapeta", "w Warszawie"))),
            Map.entry("ru", new Phrasebook(true,
                    a("фото", "Фото", "изображение", "вид на", "крупный план"),
                    a("и", "с", "в", "на", "для", "у", "-", "|", ","),
                    a("стоковое фото", "купить", "2019", "летом", "обои", "в Москве"))),
            Map.entry("tr", new Phrasebook(true,
                    a("fotoğraf", "Fotoğraf", "resim", "manzara"),
                    a("ve", "ile", "için", "-", "|", ","),
                    a("stok fotoğraf", "satılık", "2022", "yazın", "duvar kağıdı", "İstanbul"))),
            Map.entry("ko", new Phrasebook(true,
                    a("사진", "이미지", "풍경"),
                    a("및", "그리고", "-", "|", ","),
                    a("스톡 사진", "판매", "2021", "여름", "배경화면", "서울"))),
            Map.entry("zh", new Phrasebook(false,
                    a("高清", "图片：", "照片："),
                    a("和", "的", "与", "、", "，", "及"),
                    a("图片", "素材", "高清壁纸", "2019年", "摄影"))),
            Map.entry("ja", new Phrasebook(false,
                    a("写真：", "画像"),
                    a("と", "の", "、", "・"),
                    a("の写真", "素材", "壁紙", "2020年", "のイラスト"))),
            Map.entry("th", new Phrasebook(false,
                    a("ภาพ", "รูป"),
                    a("และ", "กับ", "ของ"),
                    a("สวยงาม", "2562"))));

    private static final Phrasebook GENERIC_SPACED = new Phrasebook(true, a(),
            a("-", "|", ",", "/", "&", "+"), a("2019", "2020", "(1)", "HD", "4K"));
    private static final Phrasebook GENERIC_UNSPACED = new Phrasebook(false, a(), a(), a("2020"));

    final boolean spaced;
    final String[] prefixes;
    final String[] connectors;
    final String[] suffixes;

    private Phrasebook(boolean spaced, String[] prefixes, String[] connectors, String[] suffixes) {
        this.spaced = spaced;
        this.prefixes = prefixes;
        this.connectors = connectors;
        this.suffixes = suffixes;
    }

    private static String[] a(String... s) {
        return s;
    }

    static Phrasebook of(String language) {
        Phrasebook b = BOOKS.get(language);
        if (b != null) {
            return b;
        }
        return UNSPACED.contains(language) ? GENERIC_UNSPACED : GENERIC_SPACED;
    }

    static String pick(String[] words, SplittableRandom rng) {
        return words[rng.nextInt(words.length)];
    }

    /**
     * Appends {@code token} to {@code sb} so that the spec's matching still finds every entry placed
     * verbatim: in spaced languages a space before it (unless it is punctuation that the text spacing
     * splits off anyway); in unspaced ones nothing when both touching characters need no padding, else a
     * space.
     */
    static void join(StringBuilder sb, String token, boolean spaced) {
        if (token.isEmpty()) {
            return;
        }
        if (sb.length() > 0) {
            boolean space;
            if (spaced) {
                space = ATTACHING.indexOf(token.charAt(0)) < 0;
            } else {
                int last = Character.codePointBefore(sb, sb.length());
                int first = token.codePointAt(0);
                space = !(Spacing.isUnpadded(last) && Spacing.isUnpadded(first));
            }
            if (space) {
                sb.append(' ');
            }
        }
        sb.append(token);
    }
}
