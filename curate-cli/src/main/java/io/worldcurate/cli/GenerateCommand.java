package io.worldcurate.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true, description = "Writes a realistic synthetic crawl (not yet built).")
final class GenerateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("generate is not built yet");
    }
}
