package io.worldcurate.core.lang;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import io.worldcurate.core.RealData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class LidCodeMapTest {

    /** The 232 metadata languages of the spec (the file names of the metadata folder). */
    static final Set<String> METADATA = Set.of(("ab af ain ak alt am an ang ar arc ary arz as ase ast az ba bal be bg blo bm bn bo br bs ca ccc "
            + "ce ceb chr ckb co cop crh cs csb cu cv cy da de dlm dsb dv dz ee el en eo es et eu fa ff fi fil fj fo fr fro fur fy ga gd gl gn "
            + "grc gu gv ha haw he hi hr hsb ht hu hy ia id ig io is it iu ja jbo jv ka kab kam ki kjh kk kl kln km kn ko kok krc ku kum kw ky "
            + "la lad lb lg li ln lo lt ltg lu luo luy lv mer mg mi mk ml mn mr ms mt mwl my nan nap nd nds ne nl nn no non nov nso nv oc oj om "
            + "or os ota pa pap pcm pl pro ps pt qu quc rap rhg rm rn ro rom ru rup rw sa sah sc scn sco sd sdc sdn se sg sga sgs sh shn si sk sl "
            + "sm sms sn so sq sr src sro st su sv sw szl ta te tg th ti tk tl tly tn to tpi tr tt twf tyv tzm ug uk ur uz vec vi vo wa wo wym "
            + "xal xcl xh xno yi yo yue zh zu zza").split(" "));
    static final Predicate<String> HAS = METADATA::contains;

    @Test
    void theMetadataListIsTheSpecs() {
        assertThat(METADATA).hasSize(232);
        Path dir = RealData.dataDir().resolve("metadata");
        if (Files.isDirectory(dir)) {
            assertThat(dir.toFile().list((d, n) -> n.endsWith(".json"))).extracting(n -> n.replace(".json", ""))
                    .containsExactlyInAnyOrderElementsOf(METADATA);
        }
    }

    @Test
    void everyLid176LabelIsMappedToMetadataOrOther() {
        Map<String, String> lid = LidCodeMap.lid176();
        assertThat(lid).hasSize(176);
        Map<String, String> mapped = new TreeMap<>();
        for (String label : lid.keySet()) {
            String code = LidCodeMap.toMetadataCode("__label__" + label, HAS);
            assertThat(code).as(label).isIn(union(METADATA, "other"));
            mapped.put(label, code);
        }
        // where a label is a metadata code itself it maps to itself, except where the table says otherwise
        for (String label : lid.keySet()) {
            if (METADATA.contains(label) && lid.get(label).equals(label)) {
                assertThat(mapped.get(label)).as(label).isEqualTo(label);
            }
        }
        assertThat(mapped.values().stream().filter(c -> !c.equals("other")).count()).isGreaterThan(120);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // lid.176, where Wikipedia and ISO disagree
            "__label__als, other", "als, other", "bh, other", "nah, other", "eml, other", "diq, zza", "gom, kok", "sh, sh",
            "__label__no, no", "pnb, pa", "wuu, other", "azb, other", "__label__en, en", "zh, zh", "yue, yue", "arz, arz",
            // ISO 639-3 with a script (GlotLID, OpenLID, NLLB)
            "als_Latn, sq", "__label__eng_Latn, en", "zho_Hans, zh", "zho_Hant, zh", "cmn_Hani, zh", "arb_Arab, ar", "ary_Arab, ary",
            "apc_Arab, ar", "pes_Arab, fa", "prs_Arab, fa", "zsm_Latn, ms", "ind_Latn, id", "nob_Latn, no", "nno_Latn, nn",
            "srp_Cyrl, sr", "hbs_Latn, sh", "khk_Cyrl, mn", "lvs_Latn, lv", "ekk_Latn, et", "quy_Latn, qu", "quc_Latn, quc",
            "ydd_Hebr, yi", "gaz_Latn, om", "kmr_Latn, ku", "ckb_Arab, ckb", "tgl_Latn, tl", "fil_Latn, fil", "yue_Hant, yue",
            "azb_Arab, other", "ace_Arab, other", "xyz_Latn, other",
            // ISO 639-3 and 639-1 without script, Lingua's codes
            "deu, de", "fra, fr", "ara, ar", "nb, no", "he, he", "iw, he",
            // nonsense never raises
            "'', other", "__label__, other", "!!, other", "x_Y, other", "en_Latn_extra, en",
    })
    void labelsMapToMetadataCodes(String label, String code) {
        assertThat(LidCodeMap.toMetadataCode(label, HAS)).isEqualTo(code);
    }

    @Test
    void nullIsOther() {
        assertThat(LidCodeMap.toMetadataCode(null, HAS)).isEqualTo("other");
    }

    @Test
    void linguasCodesMapAsBefore() {
        for (Language l : Language.values()) {
            if (l.getIsoCode639_1() == IsoCode639_1.NONE) {
                continue;
            }
            String iso = l.getIsoCode639_1().name().toLowerCase(Locale.ROOT);
            assertThat(LidCodeMap.toMetadataCode(iso, HAS)).as(iso).isEqualTo(LanguageCodes.toMetadataCode(iso, HAS));
        }
    }

    /** The dev data names each NLLB code's metadata language: the map must agree on every one of them. */
    @Test
    void nllbCodesOfTheDevDataMapToTheirLanguage() throws IOException {
        Path file = RealData.dataDir().resolve("captions/captions_mt_dev.tsv");
        Assumptions.assumeTrue(Files.isRegularFile(file), "real data absent: no " + file.toAbsolutePath() + "; skipping");
        Map<String, String> sources = new TreeMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            r.readLine();
            for (String line; (line = r.readLine()) != null; ) {
                String[] c = line.split("\t", 3);
                sources.put(c[0].replace("xtd200_", ""), c[1]);
            }
        }
        assertThat(sources).hasSizeGreaterThan(150);
        sources.forEach((nllb, lang) -> assertThat(LidCodeMap.toMetadataCode(nllb, HAS)).as(nllb)
                .isEqualTo(METADATA.contains(lang) ? lang : "other"));
    }

    private static Set<String> union(Set<String> s, String... more) {
        java.util.HashSet<String> u = new java.util.HashSet<>(s);
        u.addAll(Arrays.asList(more));
        return u;
    }
}
