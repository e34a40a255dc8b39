package io.worldcurate.cli.metadata;

import io.worldcurate.core.metadata.MetadataSource;
import io.worldcurate.metadata.EmbeddedMetadata;
import io.worldcurate.metadata.MetadataManifest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code curate metadata export DIR}: the embedded set as plain {@code <lang>.json} files, byte for byte as it was copied. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes the embedded metadata set as plain <lang>.json files (MetaCLIP's format) to DIR, "
                + "byte-identical to the files it was made from; each file's SHA-256 is checked against the manifest.",
                "Existing <lang>.json files in DIR are not overwritten: the command fails instead."})
final class MetadataExportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Output folder (created when missing).")
    Path dir;

    @Override
    public Integer call() throws IOException, NoSuchAlgorithmException {
        MetadataManifest manifest = EmbeddedMetadata.manifest();
        Files.createDirectories(dir);
        for (String code : manifest.codes()) {
            if (Files.exists(dir.resolve(code + ".json"))) {
                throw new IOException(dir.resolve(code + ".json") + " exists; export to an empty folder");
            }
        }
        long bytes = 0;
        for (MetadataManifest.LanguageFile f : manifest.languages().values()) {
            Path file = dir.resolve(f.code() + ".json");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = EmbeddedMetadata.open(f.code());
                 OutputStream out = new DigestOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), sha)) {
                bytes += in.transferTo(out);
            }
            String got = HexFormat.of().formatHex(sha.digest());
            if (!got.equals(f.sha256())) {
                throw new IOException(file + ": SHA-256 " + got + " differs from the manifest's " + f.sha256()
                        + " (the metadata jar is damaged)");
            }
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %d files (%d entries, %.1f MB) of the %s to %s%n",
                manifest.languages().size(), manifest.totalEntries(), bytes / 1e6, MetadataSource.embedded().description(),
                dir.toAbsolutePath().normalize());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
