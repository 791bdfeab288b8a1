package dev.hdnnp.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class TrainCommandTest {
    @Test
    void optionsOverrideTheConfig(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("train.toml");
        Files.writeString(cfg, "[data]\nfile = \"input.data\"\n[training]\nepochs = 3\nthreads = 1\n");
        TrainConfig c = TrainCommand.parse(new String[]{cfg.toString(), "--epochs", "7", "--threads", "2", "--resume", "--output", dir.resolve("o").toString()});
        assertEquals(7, c.training().epochs());
        assertEquals(2, c.training().threads());
        assertTrue(c.training().resume());
        assertEquals(dir.resolve("input.data"), c.data().file());
        assertEquals(dir.resolve("o"), c.outputDirectory());
    }

    @Test
    void badArgumentsExitWithCodeTwo(@TempDir Path dir) {
        assertEquals(2, TrainCommand.run(new String[]{}));
        assertEquals(2, TrainCommand.run(new String[]{dir.resolve("missing.toml").toString()}));
        assertEquals(2, TrainCommand.run(new String[]{"--n2p2", "input.nn"}));
        assertEquals(2, TrainCommand.run(new String[]{"a.toml", "--frobnicate"}));
    }
}
