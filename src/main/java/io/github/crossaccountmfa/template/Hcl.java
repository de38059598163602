package io.github.crossaccountmfa.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Terraform's configuration language (HCL native syntax) as the checker reads it: bodies of attributes and blocks,
 * and expressions, each with its 1-based line and its source text (which names open values and conditions in the
 * results). Produced by {@link TerraformSyntax}; evaluated by {@link TerraformExpressions}.
 */
final class Hcl {
    private Hcl() {
    }

    /** The attributes and blocks of a file or a block, in source order. */
    record Body(List<Attribute> attributes, List<Block> blocks) {
        Body {
            attributes = List.copyOf(attributes);
            blocks = List.copyOf(blocks);
        }

        Optional<Attribute> attribute(String name) {
            return attributes.stream().filter(a -> a.name().equals(name)).findFirst();
        }

        List<Block> blocks(String type) {
            return blocks.stream().filter(b -> b.type().equals(type)).toList();
        }
    }

    record Attribute(String name, Expr value, int line) {
    }

    record Block(String type, List<String> labels, Body body, int line) {
        Block {
            labels = List.copyOf(labels);
        }

        String label(int index) {
            return index < labels.size() ? labels.get(index) : "";
        }
    }

    /** An expression; {@code text} is its source, whitespace collapsed. */
    sealed interface Expr {
        int line();

        String text();
    }

    /** A number, boolean, null, or a string without interpolations. */
    record Literal(JsonNode value, int line, String text) implements Expr {
    }

    /**
     * A string template: literal parts and interpolations. One interpolation alone ({@code "${x}"}) is the
     * interpolated value itself, of whatever type, as in Terraform.
     */
    record Template(List<Expr> parts, int line, String text) implements Expr {
        Template {
            parts = List.copyOf(parts);
        }
    }

    record TupleExpr(List<Expr> items, int line, String text) implements Expr {
        TupleExpr {
            items = List.copyOf(items);
        }
    }

    /** An object constructor; a bare-word key is a {@link Literal} string. */
    record ObjectExpr(List<Item> items, int line, String text) implements Expr {
        ObjectExpr {
            items = List.copyOf(items);
        }
    }

    record Item(Expr key, Expr value) {
    }

    /** A root name: {@code var}, {@code local}, {@code each}, {@code aws_iam_role}, a for-expression variable. */
    record Variable(String name, int line, String text) implements Expr {
    }

    record GetAttr(Expr target, String name, int line, String text) implements Expr {
    }

    record Index(Expr target, Expr key, int line, String text) implements Expr {
    }

    /** {@code x[*].a} or {@code x.*.a}: the steps after the splat are applied to each element. */
    record Splat(Expr target, List<Step> steps, int line, String text) implements Expr {
        Splat {
            steps = List.copyOf(steps);
        }
    }

    /** A step after a splat: an attribute name or an index. */
    record Step(Optional<String> attribute, Optional<Expr> index) {
    }

    /** {@code name(args)}; {@code expandFinal} for {@code name(a, list...)}. */
    record Call(String name, List<Expr> arguments, boolean expandFinal, int line, String text) implements Expr {
        Call {
            arguments = List.copyOf(arguments);
        }
    }

    record Conditional(Expr condition, Expr whenTrue, Expr whenFalse, int line, String text) implements Expr {
    }

    /** {@code ||}, {@code &&}, {@code ==}, {@code !=}, {@code <}, {@code >}, {@code <=}, {@code >=}, arithmetic. */
    record Binary(String operator, Expr left, Expr right, int line, String text) implements Expr {
    }

    /** {@code !x} or {@code -x}. */
    record Unary(String operator, Expr operand, int line, String text) implements Expr {
    }

    /** {@code [for k, v in coll : value if cond]} or {@code {for k, v in coll : key => value... if cond}}. */
    record For(Optional<String> keyVariable, String valueVariable, Expr collection, Optional<Expr> key, Expr value,
               Optional<Expr> condition, boolean grouping, int line, String text) implements Expr {
    }

    /** Syntax the checker does not evaluate (a template directive {@code %{ if }}); it stays an open value. */
    record Unsupported(String what, int line, String text) implements Expr {
    }
}
