package io.github.crossaccountmfa.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A module instance: the root module, or a module that a {@code module} block calls (one per {@code count} index
 * or {@code for_each} key), with where its variables get their values.
 *
 * @param module    the module's declarations
 * @param address   {@code ""} for the root, else {@code module.a}, {@code module.a["k"]}, {@code module.a.module.b}
 * @param root      the root module's directory, where Terraform runs: {@code file()} paths are relative to it
 * @param bound     root only: values from {@code terraform.tfvars}, {@code *.auto.tfvars}, {@code --var-file},
 *                  {@code --parameter-overrides}
 * @param arguments a called module: the arguments of its {@code module} block
 * @param caller    a called module: where those arguments are evaluated (with {@code each} or {@code count})
 * @param loader    reads the module of a local directory
 */
record TerraformInstance(TerraformModule module, String address, Path root, Map<String, JsonNode> bound,
                         Map<String, Hcl.Expr> arguments, Optional<TerraformExpressions.Frame> caller,
                         Function<Path, Optional<TerraformModule>> loader) {
    /** Arguments of a {@code module} block that are not input variables. */
    static final Set<String> META_ARGUMENTS = Set.of("source", "version", "count", "for_each", "providers",
            "depends_on");

    static TerraformInstance root(TerraformModule module, Map<String, JsonNode> bound,
                                  Function<Path, Optional<TerraformModule>> loader) {
        return new TerraformInstance(module, "", module.directory(), Map.copyOf(bound), Map.of(), Optional.empty(),
                loader);
    }

    /** {@code name} inside this instance: {@code var.x} at the root, {@code module.a.var.x} in a module. */
    String qualified(String name) {
        return address.isEmpty() ? name : address + "." + name;
    }

    /** {@code path.module}: the module's directory relative to the root module's, as Terraform gives it. */
    String modulePath() {
        String relative = TerraformExpressions.modulePath(root, module.directory()).toString().replace('\\', '/');
        return relative.isEmpty() ? "." : relative;
    }

    /** Whether a module source is a local path, which Terraform reads from the directory (and so does this). */
    static boolean isLocal(String source) {
        return source.startsWith("./") || source.startsWith("../") || source.equals(".") || source.equals("..");
    }

    /**
     * The instance of the module that block {@code name} calls, its arguments evaluated in {@code callerFrame} (which
     * binds the instance's {@code count.index} or {@code each}), its address ending in {@code suffix}; empty when its
     * source is not a local directory that holds a module.
     */
    Optional<TerraformInstance> child(String name, TerraformExpressions.Frame callerFrame, String suffix) {
        TerraformModule.Declaration block = module.modules().get(name);
        if (block == null) {
            return Optional.empty();
        }
        Optional<TerraformModule> child = localSource(block)
                .flatMap(source -> loader.apply(module.directory().resolve(source).normalize()));
        if (child.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Hcl.Expr> arguments = new LinkedHashMap<>();
        block.body().attributes().stream().filter(a -> !META_ARGUMENTS.contains(a.name()))
                .forEach(a -> arguments.put(a.name(), a.value()));
        return Optional.of(new TerraformInstance(child.get(), qualified("module." + name) + suffix, root, Map.of(),
                arguments, Optional.of(callerFrame), loader));
    }

    /** The {@code source} of a module block when it is a local path. */
    static Optional<String> localSource(TerraformModule.Declaration block) {
        Optional<Hcl.Attribute> source = block.body().attribute("source");
        if (source.isEmpty() || !(source.get().value() instanceof Hcl.Literal literal) || !literal.value().isTextual()) {
            return Optional.empty();
        }
        String text = literal.value().textValue();
        return isLocal(text) ? Optional.of(text) : Optional.empty();
    }
}
