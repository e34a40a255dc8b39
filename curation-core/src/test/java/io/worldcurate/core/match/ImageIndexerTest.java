package io.worldcurate.core.match;

import io.worldcurate.core.lang.LanguageAssigner;
import io.worldcurate.core.metadata.MetadataSource;
import io.worldcurate.core.model.Image;
import io.worldcurate.core.model.ImageText;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ImageIndexerTest {

    static final Path METADATA = Path.of("src/test/resources/fixtures/metadata");

    @Test
    void indexAllEqualsIndexingEachImage() {
        MetadataSource metadata = MetadataSource.open(METADATA, r -> { });
        LanguageMatchers matchers = new LanguageMatchers(metadata);
        ImageIndexer indexer = new ImageIndexer(new LanguageAssigner(metadata, () -> {
            throw new AssertionError("every text has its language");
        }), matchers);
        String[][] texts = {
                {"en", "a red car near the beach"}, {"en", "nothing here"}, {"zh", "一辆红色汽车"}, {"de", "Hund und Katze"},
                {"xx", "a dog"}, {"en", "hot dog, cat."}, {"zh", "海滩日落"}, {"en", ""}};
        Random random = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            List<Image> images = new ArrayList<>();
            int n = random.nextInt(12);
            for (int i = 0; i < n; i++) {
                List<ImageText> its = new ArrayList<>();
                int k = random.nextInt(4); // images without texts too, so pairs straddle images
                for (int t = 0; t < k; t++) {
                    String[] lt = texts[random.nextInt(texts.length)];
                    its.add(new ImageText("alt", lt[1], lt[0]));
                }
                images.add(new Image("img" + i, "https://img.example/" + i, null, its));
            }
            List<ImageIndexer.Indexed> all = indexer.indexAll(images);
            assertThat(all).hasSameSizeAs(images);
            for (int i = 0; i < images.size(); i++) {
                ImageIndexer.Indexed one = indexer.index(images.get(i));
                assertThat(all.get(i).image()).isEqualTo(one.image());
                assertThat(all.get(i).texts()).isEqualTo(one.texts());
                assertThat(all.get(i).matched().uuid()).isEqualTo(one.matched().uuid());
                assertThat(all.get(i).matched().texts()).usingRecursiveFieldByFieldElementComparator()
                        .isEqualTo(one.matched().texts());
            }
        }
    }
}
