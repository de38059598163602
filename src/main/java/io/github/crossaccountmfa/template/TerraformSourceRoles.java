package io.github.crossaccountmfa.template;

import static io.github.crossaccountmfa.template.TerraformExpressions.NODES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.rule.RoleContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The {@code aws_iam_role} resources of Terraform source: a root module (every {@code .tf} file of one
 * directory, with the variable files Terraform loads there) and the modules it calls from local directories,
 * followed with the arguments of their {@code module} blocks. Modules from a registry, Git or any other remote
 * source are reported as not followed. Each role instance ({@code count}, {@code for_each}) is one role, at its
 * address ({@code module.x.aws_iam_role.y["key"]}); its {@code assume_role_policy} is evaluated by
 * {@link TerraformExpressions} once per combination of the conditions the command line does not decide.
 */
final class TerraformSourceRoles {
    static final String ROLE_TYPE = "aws_iam_role";
    static final String TRUST_POLICY = "assume_role_policy";
    /** Undecided conditions one value may depend on: 2^6 variants at most, as for {@code Fn::If}. */
    private static final int MAX_VARIANTS = 1 << CloudFormationRoles.MAX_CONDITIONS;
    private static final int MAX_MODULE_DEPTH = 16;

    private TerraformSourceRoles() {
    }

    /** A root module to check; {@code files}: only the roles of these files (and the modules they call), or all. */
    record Root(Path directory, Optional<Set<String>> files) {
    }

    /**
     * What a root module declares.
     *
     * @param roles     by the file that declares them, in file order
     * @param failures  files that could not be read (a syntax error, a variable file that is not literal values)
     * @param notices   modules not followed, files not read
     * @param called    the local module directories the root calls, however deep (real paths)
     * @param variables the root's variables
     */
    record Declared(Map<String, List<DeclaredRole>> roles, Map<String, String> failures, List<Notice> notices,
                    Set<Path> called, Set<String> variables) {
    }

    /** Reads each module directory once per run; a file that cannot be parsed is a failure of its own. */
    static final class Modules {
        private final Map<Path, Optional<TerraformModule>> cache = new HashMap<>();
        final Map<String, String> failures = new LinkedHashMap<>();
        final List<Notice> notices = new ArrayList<>();

        Optional<TerraformModule> load(Path directory) {
            Path key = real(directory);
            return cache.computeIfAbsent(key, k -> read(directory));
        }

        private Optional<TerraformModule> read(Path directory) {
            List<Path> files;
            try (Stream<Path> entries = Files.list(directory)) {
                files = entries.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                        .sorted().toList();
            } catch (IOException e) {
                return Optional.empty();
            }
            List<TerraformModule.SourceFile> sources = new ArrayList<>();
            boolean any = false;
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tf.json")) {
                    notices.add(new Notice(file.toString(), "not read: Terraform's JSON configuration syntax is not "
                            + "supported; check the plan (terraform show -json) instead"));
                }
                if (!name.endsWith(".tf")) {
                    continue;
                }
                any = true;
                try {
                    sources.add(new TerraformModule.SourceFile(file.toString(), TerraformSyntax.parse(TemplateChecker.read(file))));
                } catch (TemplateException e) {
                    failures.putIfAbsent(file.toString(), e.getMessage());
                }
            }
            return any ? Optional.of(TerraformModule.of(directory, sources)) : Optional.empty();
        }
    }

    static boolean isSource(Path file) {
        return file.getFileName().toString().endsWith(".tf");
    }

    static Path real(Path path) {
        return TemplateChecker.realPath(path);
    }

    // ---- a root module ------------------------------------------------------------------------------------

    static Declared declared(Root root, Modules modules, TerraformVariables variables, ParameterValues overrides,
                             RoleContext context) {
        Walk walk = new Walk(root, modules, context);
        Optional<TerraformModule> module = modules.load(root.directory());
        if (module.isEmpty()) {
            return new Declared(Map.of(), Map.of(), List.of(), Set.of(), Set.of());
        }
        Map<String, JsonNode> bound = new LinkedHashMap<>();
        for (Path file : TerraformVariables.automatic(root.directory())) {
            try {
                bound.putAll(TerraformVariables.file(file));
            } catch (TemplateException e) {
                walk.failures.put(file.toString(), e.getMessage());
            }
        }
        bound.putAll(variables.values());
        overrides.values().forEach((k, v) -> bound.put(k, NODES.textNode(OpenValues.literal(v))));
        TerraformInstance instance = TerraformInstance.root(module.get(), bound, modules::load);
        walk.defaultTags = defaultTags(walk, instance);
        walk.module(instance, List.of(real(root.directory())));
        return new Declared(walk.roles, walk.failures, walk.notices, walk.called,
                module.get().variables().keySet());
    }

    /** The provider's {@code default_tags}, which {@code tags_all} adds to every resource. */
    private static Map<String, String> defaultTags(Walk walk, TerraformInstance root) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (TerraformModule.Declaration provider : root.module().providers()) {
            if (provider.block().label(0).equals("aws") && provider.body().attribute("alias").isEmpty()) {
                provider.body().blocks("default_tags").forEach(block -> block.body().attribute("tags")
                        .ifPresent(a -> tags.putAll(walk.tags(a, TerraformExpressions.Frame.of(root)))));
            }
        }
        return tags;
    }

    /** One evaluation for a choice of branches of the undecided conditions. */
    private record Leaf<T>(Map<String, Boolean> branches, T value, TerraformExpressions evaluator) {
    }

    private static final class Walk {
        private final Root root;
        private final Modules modules;
        private final RoleContext context;
        private final OpenValues open = new OpenValues();
        final Map<String, List<DeclaredRole>> roles = new LinkedHashMap<>();
        final Map<String, String> failures = new LinkedHashMap<>();
        final List<Notice> notices = new ArrayList<>();
        final Set<Path> called = new LinkedHashSet<>();
        Map<String, String> defaultTags = Map.of();

        Walk(Root root, Modules modules, RoleContext context) {
            this.root = root;
            this.modules = modules;
            this.context = context;
        }

        /**
         * Evaluates {@code run} once per combination of the undecided conditions it meets, true first; empty when
         * they are more than {@link #MAX_VARIANTS}.
         */
        private <T> Optional<List<Leaf<T>>> leaves(Function<TerraformExpressions, T> run) {
            List<Leaf<T>> leaves = new ArrayList<>();
            Deque<Map<String, Boolean>> work = new ArrayDeque<>();
            work.add(Map.of());
            while (!work.isEmpty()) {
                Map<String, Boolean> branches = work.removeFirst();
                TerraformExpressions evaluator = new TerraformExpressions(context, open, branches);
                T value = run.apply(evaluator);
                if (evaluator.pending.isEmpty()) {
                    leaves.add(new Leaf<>(branches, value, evaluator));
                    continue;
                }
                if (leaves.size() + work.size() + 2 > MAX_VARIANTS) {
                    return Optional.empty();
                }
                String condition = evaluator.pending.iterator().next();
                for (boolean branch : List.of(false, true)) {
                    Map<String, Boolean> more = new LinkedHashMap<>(branches);
                    more.put(condition, branch);
                    work.addFirst(more);
                }
            }
            return Optional.of(leaves);
        }

        private boolean reported(TerraformInstance instance, String file) {
            return !instance.address().isEmpty() || root.files().isEmpty() || root.files().get().contains(file);
        }

        private void add(String file, DeclaredRole role) {
            roles.computeIfAbsent(file, f -> new ArrayList<>()).add(role);
        }

        void module(TerraformInstance instance, List<Path> chain) {
            TerraformModule module = instance.module();
            for (Map.Entry<String, TerraformModule.Declaration> e : module.resources().entrySet()) {
                if (e.getKey().startsWith(ROLE_TYPE + ".") && reported(instance, e.getValue().file())) {
                    roleInstances(instance, e.getValue());
                }
            }
            for (Map.Entry<String, TerraformModule.Declaration> e : module.modules().entrySet()) {
                if (reported(instance, e.getValue().file())) {
                    follow(instance, e.getKey(), e.getValue(), chain);
                }
            }
        }

        private void follow(TerraformInstance instance, String name, TerraformModule.Declaration block,
                            List<Path> chain) {
            String address = instance.qualified("module." + name);
            Optional<Hcl.Attribute> sourceAttribute = block.body().attribute("source");
            Optional<String> source = TerraformInstance.localSource(block);
            if (source.isEmpty()) {
                String shown = sourceAttribute.map(a -> a.value() instanceof Hcl.Literal l ? l.value().asText()
                        : a.value().text()).orElse("(none)");
                notices.add(new Notice(block.file(), address + ": not followed: its source " + shown + " is not a "
                        + "local directory; its roles are checked in the plan (terraform show -json)"));
                return;
            }
            Path directory = instance.module().directory().resolve(source.get()).normalize();
            int line = block.block().line();
            if (!Files.isDirectory(directory)) {
                add(block.file(), new DeclaredRole(address, line, new Outcome.Invalid("the module's source "
                        + source.get() + " is not a directory"), Map.of(), context));
                return;
            }
            Path real = real(directory);
            if (chain.contains(real) || chain.size() >= MAX_MODULE_DEPTH) {
                add(block.file(), new DeclaredRole(address, line, new Outcome.Invalid("the module " + source.get()
                        + " calls a module that contains it (a cycle of modules)"), Map.of(), context));
                return;
            }
            if (modules.load(directory).isEmpty()) {
                add(block.file(), new DeclaredRole(address, line, new Outcome.Invalid("the module's source "
                        + source.get() + " holds no .tf files"), Map.of(), context));
                return;
            }
            called.add(real);
            List<Path> deeper = new ArrayList<>(chain);
            deeper.add(real);
            for (Map.Entry<String, TerraformExpressions.Frame> i : instances(instance, block, address).entrySet()) {
                instance.child(name, i.getValue(), i.getKey()).ifPresent(child -> module(child, deeper));
            }
        }

        /**
         * The instances of a block by address suffix, over every branch of the conditions its {@code count} or
         * {@code for_each} depends on; {@code [*]} with open {@code each} and {@code count} when those are open.
         */
        private Map<String, TerraformExpressions.Frame> instances(TerraformInstance instance,
                                                                 TerraformModule.Declaration block, String address) {
            TerraformExpressions.Frame frame = TerraformExpressions.Frame.of(instance);
            Map<String, TerraformExpressions.Frame> found = new LinkedHashMap<>();
            boolean openInstances = false;
            Optional<List<Leaf<Optional<TerraformResourceInstances.Instances>>>> leaves;
            try {
                leaves = leaves(e -> TerraformResourceInstances.expand(e, block.body(), frame, address));
            } catch (TerraformExpressions.EvaluationError e) {
                leaves = Optional.empty();
            }
            if (leaves.isEmpty()) {
                openInstances = true;
            } else {
                for (Leaf<Optional<TerraformResourceInstances.Instances>> leaf : leaves.get()) {
                    if (leaf.value().isEmpty()) {
                        openInstances = true;
                        continue;
                    }
                    TerraformResourceInstances.Instances instances = leaf.value().get();
                    for (int i = 0; i < instances.frames().size(); i++) {
                        found.putIfAbsent(instances.suffix().get(i), instances.frames().get(i));
                    }
                }
            }
            if (openInstances) {
                String of = "an instance of " + address + ", whose count or for_each is known only at apply";
                ObjectNode each = NODES.objectNode();
                each.set("key", NODES.textNode(open.token(OpenValue.of(address + " each.key", "each.key")
                        .withNote(of))));
                each.set("value", NODES.textNode(open.token(OpenValue.of(address + " each.value", "each.value")
                        .withNote(of))));
                ObjectNode count = NODES.objectNode();
                count.set("index", NODES.textNode(open.token(OpenValue.of(address + " count.index", "count.index")
                        .withNote(of))));
                found.put("[*]", frame.with("each", each).with("count", count));
            }
            return found;
        }

        private void roleInstances(TerraformInstance instance, TerraformModule.Declaration block) {
            String address = instance.qualified(ROLE_TYPE + "." + block.block().label(1));
            Map<String, TerraformExpressions.Frame> instances;
            try {
                instances = instances(instance, block, address);
            } catch (RuntimeException | StackOverflowError e) {
                add(block.file(), failed(address, block.block().line(), e));
                return;
            }
            for (Map.Entry<String, TerraformExpressions.Frame> i : instances.entrySet()) {
                DeclaredRole role;
                try {
                    role = role(address + i.getKey(), block, i.getValue());
                } catch (RuntimeException | StackOverflowError e) {
                    // Fail closed, for this role only: the others are still read.
                    role = failed(address + i.getKey(), block.block().line(), e);
                }
                add(block.file(), role);
            }
        }

        private DeclaredRole failed(String address, int line, Throwable e) {
            return new DeclaredRole(address, line, new Outcome.Invalid("the trust policy could not be read "
                    + "(internal error " + e.getClass().getSimpleName() + "); it is not trusted"), Map.of(), context);
        }

        private DeclaredRole role(String address, TerraformModule.Declaration block, TerraformExpressions.Frame frame) {
            Optional<Hcl.Attribute> attribute = block.body().attribute(TRUST_POLICY);
            Map<String, String> tags = new LinkedHashMap<>(defaultTags);
            block.body().attribute("tags").ifPresent(a -> tags.putAll(tags(a, frame)));
            if (attribute.isEmpty()) {
                return new DeclaredRole(address, block.block().line(), new Outcome.Invalid(TRUST_POLICY
                        + " is missing: IAM requires a trust policy for every role"), tags, context);
            }
            Hcl.Attribute policy = attribute.get();
            Optional<List<Leaf<JsonNode>>> leaves;
            try {
                leaves = leaves(e -> e.evaluate(policy.value(), frame));
            } catch (TerraformExpressions.EvaluationError e) {
                return new DeclaredRole(address, policy.line(), new Outcome.Invalid(TRUST_POLICY + ": "
                        + e.getMessage()), tags, context);
            }
            if (leaves.isEmpty()) {
                return new DeclaredRole(address, policy.line(), new Outcome.Unresolved("the trust policy depends on "
                        + "more than " + CloudFormationRoles.MAX_CONDITIONS + " conditions that the command line does "
                        + "not decide: give their variables with --var-file or --parameter-overrides"), tags,
                        context);
            }
            List<PolicySource.Variant> variants = new ArrayList<>();
            Set<List<SourceLocation>> statements = new LinkedHashSet<>();
            for (Leaf<JsonNode> leaf : leaves.get()) {
                JsonNode value = leaf.value();
                if (!value.isTextual()) {
                    return new DeclaredRole(address, policy.line(), new Outcome.Invalid(TRUST_POLICY + " is not a "
                            + "JSON string (write it with jsonencode)"), tags, context);
                }
                statements.add(leaf.evaluator().documentStatements.getOrDefault(value.textValue(), List.of()));
                variants.add(new PolicySource.Variant(leaf.branches(), value, leaf.evaluator().ownAccountPlaceholder,
                        List.copyOf(leaf.evaluator().notes)));
            }
            List<SourceLocation> lines = statements.size() == 1 ? statements.iterator().next() : List.of();
            return new DeclaredRole(address, policy.line(), new PolicySource.Document(open, variants, ""), tags,
                    context, lines);
        }

        /** Tags whose key is known; a conditional the command line does not decide leaves its tags out. */
        Map<String, String> tags(Hcl.Attribute attribute, TerraformExpressions.Frame frame) {
            Map<String, String> tags = new LinkedHashMap<>();
            try {
                JsonNode value = new TerraformExpressions(context, open, Map.of()).evaluate(attribute.value(), frame);
                if (value.isObject()) {
                    value.properties().forEach(e -> {
                        if (!OpenValues.hasToken(e.getKey())) {
                            tags.put(e.getKey(), open.display(e.getValue().asText("")));
                        }
                    });
                }
            } catch (TerraformExpressions.EvaluationError e) {
                // tags that Terraform would reject exempt nothing
            }
            return tags;
        }
    }
}
