package dev.hdnnp.cli;

import dev.hdnnp.io.StructureFiles;
import dev.hdnnp.ipi.IpiConnection;
import dev.hdnnp.ipi.IpiDriver;
import dev.hdnnp.potential.Evaluator;
import dev.hdnnp.potential.Model;
import dev.hdnnp.structure.Structure;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@code hdnnp serve MODEL --structure FILE --ipi HOST:PORT | --unix NAME}: an i-PI client (force provider). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve energies, forces and virials to an i-PI server (i-PI, ASE's SocketIOCalculator) until it sends EXIT "
                + "or closes the connection.",
                "The protocol carries no elements: --structure gives them, in the server's atom order (its positions are not used).",
                "Positions arrive in bohr and results leave in hartree (atomic units); the model's units are converted."})
final class ServeCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file, or an n2p2 directory with --n2p2-units.")
    Path model;

    @Option(names = "--structure", required = true, paramLabel = "FILE",
            description = "Structure whose elements (first frame; input.data or extended XYZ) are those of the server's atoms.")
    Path structure;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Address address;

    static final class Address {
        @Option(names = "--ipi", paramLabel = "HOST:PORT", description = "The server's TCP address, e.g. localhost:31415.")
        String tcp;
        @Option(names = "--unix", paramLabel = "NAME", description = "The server's Unix-domain socket /tmp/ipi_NAME (a NAME with '/' is a path).")
        String unix;
    }

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Evaluator threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--n2p2-units", paramLabel = "LENGTH,ENERGY", description = "Read MODEL as an n2p2 directory in these units, e.g. bohr,hartree.")
    String n2p2Units;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Keep trying to connect this long while no server listens (default: ${DEFAULT-VALUE}).")
    double connectTimeout;

    @Spec CommandSpec spec;

    @Override
    public void run() {
        if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        if (!(connectTimeout >= 0)) throw new IllegalArgumentException("--connect-timeout must be >= 0, got " + connectTimeout);
        IpiConnection where = address.tcp != null ? IpiConnection.tcp(address.tcp) : IpiConnection.unix(address.unix);
        Model m = ModelSource.load(model, n2p2Units);
        String[] species = species();
        for (int i = 0; i < species.length; i++)
            if (m.elementIndex(species[i]) < 0)
                throw new IllegalArgumentException(structure + ": atom " + (i + 1) + ": element " + species[i]
                        + " is not in the model (elements " + String.join(" ", m.elements()) + ")");
        PrintWriter err = spec.commandLine().getErr();
        try (Evaluator ev = new Evaluator(m, threads);
             SocketChannel ch = where.connect(Duration.ofMillis((long) (connectTimeout * 1000)))) {
            IpiDriver driver = new IpiDriver(ch, ev, species);
            err.println("hdnnp serve: connected to " + where.description() + " (" + species.length + " atoms)");
            err.flush();
            IpiDriver.Session s = driver.run();
            err.println("hdnnp serve: " + s.steps() + " evaluations (" + s.neighborListBuilds() + " neighbour-list builds), " + (s.exitReceived() ? "EXIT received" : "the server closed the connection")
                    + (s.extrapolationWarnings() > 0 ? "; " + s.extrapolationWarnings()
                       + " extrapolation warnings (symmetry functions outside the training range)" : ""));
            err.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String[] species() {
        List<Structure> list;
        try {
            list = StructureFiles.read(structure);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (list.isEmpty()) throw new IllegalArgumentException(structure + ": no structure in the file");
        return list.getFirst().species().clone();
    }
}
