package dev.hdnnp.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hdnnp.potential.Committee;
import dev.hdnnp.potential.Model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A committee manifest: a small JSON file listing its members' model files (relative paths are
 * relative to the manifest's directory), so that each member stays an ordinary model file.
 * <pre>{"format": "hdnnp-java committee", "version": 1, "members": ["member-1.json", "member-2.json"]}</pre>
 */
public final class CommitteeFile {
    private CommitteeFile() {}

    public static final String FORMAT = "hdnnp-java committee";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** True when the path is a regular file whose JSON "format" is the committee's (cheap enough for model paths). */
    public static boolean isCommittee(Path path) {
        if (!Files.isRegularFile(path)) return false;
        try {
            JsonNode root = JSON.readTree(path.toFile());
            return root != null && root.isObject() && FORMAT.equals(root.path("format").asText(null));
        } catch (IOException e) {
            return false;
        }
    }

    /** Member paths of a manifest, resolved against its directory. */
    public static List<Path> members(Path manifest) {
        String file = manifest.toString();
        JsonNode root;
        try {
            root = JSON.readTree(manifest.toFile());
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new InputException(file, line, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InputException(file, 0, "cannot read the committee file: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText(null)))
            throw new InputException(file, 0, "not a committee file (expected \"format\": \"" + FORMAT + "\")");
        if (root.path("version").asInt(-1) != VERSION)
            throw new InputException(file, 0, "committee file version " + root.path("version") + ", this program reads version " + VERSION);
        JsonNode list = root.path("members");
        if (!list.isArray() || list.size() < 2)
            throw new InputException(file, 0, "\"members\" must be a list of at least two model files");
        Path dir = manifest.toAbsolutePath().getParent();
        List<Path> paths = new ArrayList<>();
        for (JsonNode n : list) {
            if (!n.isTextual() || n.asText().isEmpty()) throw new InputException(file, 0, "\"members\" entries must be file names, got " + n);
            paths.add(dir.resolve(n.asText()));
        }
        return paths;
    }

    /** Reads a manifest and every member. */
    public static Committee read(Path manifest) {
        List<Model> models = new ArrayList<>();
        for (Path p : members(manifest)) models.add(ModelResolver.load(p));
        try {
            return new Committee(models);
        } catch (IllegalArgumentException e) {
            throw new InputException(manifest.toString(), 0, e.getMessage());
        }
    }

    /** Writes a manifest (atomically) listing the members, relative to the manifest's directory when they are below it. */
    public static void write(Path manifest, List<Path> members) throws IOException {
        Path dir = manifest.toAbsolutePath().getParent();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        ArrayNode list = root.putArray("members");
        for (Path p : members) {
            Path abs = p.toAbsolutePath();
            list.add(abs.startsWith(dir) ? dir.relativize(abs).toString() : abs.toString());
        }
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        AtomicFiles.write(manifest, w -> w.write(text));
    }

    /** A committee from several model files, or from one committee manifest. */
    public static Committee load(List<Path> paths, String lengthUnit, String energyUnit, String howToGive) {
        if (paths.size() == 1) {
            if (isCommittee(paths.get(0))) return read(paths.get(0));
            throw new InputException(paths.get(0).toString(), 0, "a committee needs several model files or a committee file (\"format\": \"" + FORMAT + "\")");
        }
        List<Model> models = new ArrayList<>();
        for (Path p : paths) models.add(ModelResolver.resolve(p, lengthUnit, energyUnit, howToGive));
        return new Committee(models);
    }
}
