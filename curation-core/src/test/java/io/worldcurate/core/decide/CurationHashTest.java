package io.worldcurate.core.decide;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CurationHashTest {

    @Test
    void uuidOfUrlIsSha224Prefix() {
        assertThat(CurationHash.uuidOf("https://img.example/tr/13974.jpg")).isEqualTo("3d4220d91d60ca5e6046254d");
    }

    @Test
    void uuidIgnoresTabsAndSpaces() {
        assertThat(CurationHash.uuidOf("https://img.example/tr/ 13974\t.jpg")).isEqualTo("3d4220d91d60ca5e6046254d");
    }

    @Test
    void h64VectorIsUnsigned() {
        long h = CurationHash.h64("0|3d4220d91d60ca5e6046254d|text");
        assertThat(Long.toUnsignedString(h)).isEqualTo("17703218526007886285");
        assertThat(Long.remainderUnsigned(h, 3)).isEqualTo(2);
    }

    @Test
    void uniformVectors() {
        assertThat(Long.toUnsignedString(CurationHash.h64("0|3d4220d91d60ca5e6046254d|en|42"))).isEqualTo("10275726906538704318");
        assertThat(CurationHash.uniform("0|3d4220d91d60ca5e6046254d|en|42")).isEqualTo(0.5570482717968507);
        assertThat(CurationHash.uniform("7|a|zh|0")).isEqualTo(0.8785508353948827);
    }

    @Test
    void utf8BytesAreHashed() {
        // SHA-256 of the UTF-8 bytes C3 A9 (Latin-1's single E9 would give de2e331d891ae267)
        assertThat(Long.toHexString(CurationHash.h64("\u00e9"))).isEqualTo("4a99557e4033c353");
        assertThat(Long.toHexString(CurationHash.h64(""))).isEqualTo("e3b0c44298fc1c14"); // SHA-256 of nothing
    }
}
