package io.worldcurate.deploy;

import io.worldcurate.schemas.Topics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The repository root these tests check, and the topics of schemas' {@code Topics.all()}. */
final class ProjectRoot {

    private ProjectRoot() {
    }

    static Path get() {
        String configured = System.getProperty("worldcurate.root");
        Path dir = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        dir = dir.toAbsolutePath().normalize();
        while (dir != null && !Files.isRegularFile(dir.resolve(DeploymentCheck.COMPOSE_FILE))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no " + DeploymentCheck.COMPOSE_FILE + " above " + configured);
        }
        return dir;
    }

    static List<DeploymentCheck.ExpectedTopic> topics() {
        return Topics.all().stream().map(t -> new DeploymentCheck.ExpectedTopic(t.name(), t.configs())).toList();
    }

    static DeploymentCheck check(Path root) {
        return DeploymentCheck.of(root, topics());
    }
}
